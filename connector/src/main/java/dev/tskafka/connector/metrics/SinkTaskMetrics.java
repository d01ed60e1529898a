package dev.tskafka.connector.metrics;

import java.util.LinkedHashMap;
import java.util.function.IntSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;

/**
 * The task's metrics, registered through Connect's plugin metrics (KIP-877), so the worker exposes
 * them over JMX as {@code kafka.connect:type=plugins,connector=NAME,task=N} beside its own metrics.
 *
 * <p>Sensors live in the worker's one metrics registry, where a sensor name is shared by whoever
 * asks for it: each task's sensor names carry its own tags (connector and task), or every task in
 * the worker would count every other task's records too.
 */
public final class SinkTaskMetrics {
  private final PluginMetrics metrics;
  private final String sensorPrefix;
  private final Sensor written;
  private final Sensor superseded;
  private final Sensor rejected;
  private final Sensor deadLettered;
  private final Sensor skipped;
  private final Sensor badRecords;
  private final Sensor retries;
  private final Sensor throttles;
  private final Sensor writeLatency;
  private final Sensor batchSize;

  public SinkTaskMetrics(
      PluginMetrics metrics, IntSupplier inFlight, IntSupplier buffered, IntSupplier uncommitted) {
    this.metrics = metrics;
    this.sensorPrefix = name("tags", "").tags() + ":";
    written = counter("records-written", "Timestream records written");
    superseded =
        counter(
            "records-superseded",
            "Timestream records not written because the table holds a higher version of them");
    rejected = counter("records-rejected", "Timestream records the service rejected");
    deadLettered = counter("records-dlq", "Kafka records reported to the dead-letter queue");
    skipped = counter("records-skipped", "Kafka records skipped (tombstones)");
    badRecords = counter("records-bad", "Kafka records that could not be mapped");
    retries = counter("write-retries", "WriteRecords calls retried");
    throttles = counter("write-throttles", "WriteRecords calls throttled");
    writeLatency = metrics.addSensor(sensorPrefix + "write-latency");
    writeLatency.add(name("write-latency-avg", "Average WriteRecords latency (ms)"), new Avg());
    writeLatency.add(name("write-latency-max", "Maximum WriteRecords latency (ms)"), new Max());
    batchSize = metrics.addSensor(sensorPrefix + "batch-size");
    batchSize.add(name("batch-size-avg", "Average records per WriteRecords call"), new Avg());
    batchSize.add(name("batch-size-max", "Largest WriteRecords call"), new Max());
    metrics.addMetric(
        name("in-flight-calls", "WriteRecords calls in flight"),
        (Gauge<Integer>) (config, now) -> inFlight.getAsInt());
    metrics.addMetric(
        name("buffered-records", "Timestream records buffered or being written"),
        (Gauge<Integer>) (config, now) -> buffered.getAsInt());
    metrics.addMetric(
        name(
            "uncommitted-records",
            "Kafka records not yet written nor reported, which hold their partition's offset back"),
        (Gauge<Integer>) (config, now) -> uncommitted.getAsInt());
  }

  private MetricName name(String name, String description) {
    return metrics.metricName(name, description, new LinkedHashMap<>());
  }

  private Sensor counter(String name, String description) {
    Sensor sensor = metrics.addSensor(sensorPrefix + name);
    sensor.add(name(name + "-total", description + ", total"), new CumulativeSum());
    sensor.add(name(name + "-rate", description + ", per second"), new Rate());
    return sensor;
  }

  public void written() {
    written.record();
  }

  /** Records written by one call, counted at once. */
  public void written(int records) {
    if (records > 0) {
      written.record(records);
    }
  }

  public void superseded() {
    superseded.record();
  }

  public void rejected() {
    rejected.record();
  }

  public void deadLettered() {
    deadLettered.record();
  }

  public void skipped() {
    skipped.record();
  }

  public void badRecord() {
    badRecords.record();
  }

  public void retry(boolean throttled) {
    retries.record();
    if (throttled) {
      throttles.record();
    }
  }

  public void call(int records, long latencyNanos) {
    long now = System.currentTimeMillis();
    writeLatency.record(latencyNanos / 1_000_000.0, now);
    batchSize.record(records, now);
  }
}
