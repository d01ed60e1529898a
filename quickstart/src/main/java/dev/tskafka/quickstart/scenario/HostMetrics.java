package dev.tskafka.quickstart.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The seed's fourth example: CPU, memory and disk per host and region, one multi-measure record per
 * sample. CPU follows the daily load, memory creeps up over the run (a slow leak), disk fills
 * slowly; one host pegs its CPU for a few minutes.
 */
public final class HostMetrics implements Scenario {
  private static final String[] HOSTS = {
    "web-server-01",
    "web-server-02",
    "web-server-03",
    "web-server-04",
    "db-server-01",
    "db-server-02"
  };
  private static final String[] REGIONS = {
    "us-east-1", "us-east-1", "us-east-1", "us-west-2", "us-east-1", "us-west-2"
  };

  static final String BUSY_HOST = "web-server-03";
  static final double INCIDENT_PHASE = 0.65;
  static final Duration INCIDENT_LENGTH = Duration.ofMinutes(3);

  private int next;

  @Override
  public String name() {
    return "host-metrics";
  }

  @Override
  public String topic() {
    return "host.metrics";
  }

  @Override
  public String streamsConfig() {
    return "streams-host-metrics.properties";
  }

  @Override
  public List<String> connectorConfigs() {
    return List.of("connector-host-metrics.json", "connector-host-metrics-aggregates.json");
  }

  @Override
  public Sample next(long timeMs, Timeline timeline, Random random) {
    int h = next++ % HOSTS.length;
    String host = HOSTS[h];
    double progress = timeline.phase(timeMs);
    double cpu = Shapes.clamp(35 + 20 * Shapes.diurnal(timeMs) + 4 * random.nextGaussian(), 1, 88);
    if (host.equals(BUSY_HOST)
        && Shapes.during(timeline, timeMs, INCIDENT_PHASE, INCIDENT_LENGTH)) {
      cpu = Shapes.clamp(96 + 2 * random.nextGaussian(), 91, 100);
    }
    double memory = Shapes.clamp(55 + 3 * h + 8 * progress + random.nextGaussian(), 0, 94);
    double disk = 40 + 6 * h + 2 * progress;
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("hostname", host);
    fields.put("region", REGIONS[h]);
    fields.put("cpu_percent", Shapes.round(cpu, 1));
    fields.put("memory_percent", Shapes.round(memory, 1));
    fields.put("disk_percent", Shapes.round(disk, 1));
    fields.put("timestamp", timeMs);
    return new Sample(host, fields);
  }

  @Override
  public Incident incident() {
    return new Incident(
        BUSY_HOST + " pegs its CPU above 90% for 3 minutes at 65% of the run",
        Map.of("hostname", BUSY_HOST, "region", "us-east-1"),
        "threshold_above:cpu_percent.max",
        INCIDENT_PHASE,
        INCIDENT_LENGTH);
  }
}
