package dev.tskafka.quickstart.scenario;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One of the seed document's examples as a data source: its topic, the config/ files that process
 * it, and a generator of realistic samples (diurnal drift, noise, and one injected incident that
 * the streams app's rules should flag).
 */
public interface Scenario {

  /** A sample to produce: the Kafka key and the JSON object's fields, in order. */
  record Sample(String key, Map<String, Object> fields) {
    public Sample {
      fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }
  }

  /** Short name, e.g. {@code host-metrics}. */
  String name();

  /** The input topic. */
  String topic();

  /** The streams app's properties file in config/ for this scenario. */
  String streamsConfig();

  /** The connector JSON files in config/ that sink this scenario: raw samples, then aggregates. */
  List<String> connectorConfigs();

  /** The sample at {@code timeMs} (epoch ms of simulated time) on the run's {@code timeline}. */
  Sample next(long timeMs, Timeline timeline, Random random);

  /**
   * The incident injected into this scenario: what happened, the aggregate series it hit (its
   * dimension values), the reason the streams app should give ({@code rule:measure.statistic}), and
   * when: from {@code phase} of the run, for {@code length} of event time. A flagged window of that
   * series overlapping it (or the window right after it) is a true alarm; any other is false.
   */
  record Incident(
      String description,
      Map<String, String> series,
      String reason,
      double phase,
      java.time.Duration length) {
    public Incident {
      series = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(series));
    }
  }

  Incident incident();
}
