package dev.tskafka.quickstart;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * One reading of the pipeline's counters: the generators' acknowledged records, the streams app's
 * metrics (windows closed, anomalies, dead letters, late records) and the connector tasks' metrics
 * over JMX (records written, rejected, dead-lettered).
 */
record Progress(
    long produced,
    long aggregated,
    long written,
    long rejected,
    long deadLettered,
    long anomalies,
    long late) {

  static Progress read(LocalPipeline pipeline, Map<String, Generator.Produced> produced) {
    long acknowledged = produced.values().stream().mapToLong(p -> p.acknowledged.get()).sum();
    Map<MetricName, ? extends Metric> streams = pipeline.streams().streams().metrics();
    return new Progress(
        acknowledged,
        streamsTotal(streams, "windows-closed-total"),
        connectorTotal("records-written-total"),
        connectorTotal("records-rejected-total"),
        connectorTotal("records-dlq-total") + streamsTotal(streams, "dead-letter-records-total"),
        streamsTotal(streams, "anomalies-total"),
        streamsTotal(streams, "late-records-total"));
  }

  String line(Duration elapsed) {
    return String.format(
        "[%4ds] produced %,d | aggregated %,d windows | written to Timestream %,d | rejected %,d"
            + " | DLQ %,d | anomalies %,d%s",
        elapsed.toSeconds(),
        produced,
        aggregated,
        written,
        rejected,
        deadLettered,
        anomalies,
        late > 0 ? String.format(" | late %,d", late) : "");
  }

  private static long streamsTotal(Map<MetricName, ? extends Metric> metrics, String name) {
    double total = 0;
    for (Map.Entry<MetricName, ? extends Metric> m : metrics.entrySet()) {
      if (m.getKey().name().equals(name) && m.getValue().metricValue() instanceof Number n) {
        total += n.doubleValue();
      }
    }
    return Math.round(total);
  }

  /** The sum over every task of every connector in this JVM's Connect worker. */
  private static long connectorTotal(String attribute) {
    MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    double total = 0;
    try {
      for (ObjectName task : jmx.queryNames(new ObjectName("kafka.connect:type=plugins,*"), null)) {
        try {
          if (jmx.getAttribute(task, attribute) instanceof Number n) {
            total += n.doubleValue();
          }
        } catch (JMException e) {
          // not a sink task's metrics (or the task just stopped)
        }
      }
    } catch (JMException e) {
      throw new IllegalStateException(e);
    }
    return Math.round(total);
  }
}
