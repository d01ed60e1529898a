package dev.tskafka.connector;

import java.util.LinkedHashMap;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/** Metrics kept inside the task when the worker predates plugin metrics (Kafka < 4.1). */
final class StandalonePluginMetrics {
  private StandalonePluginMetrics() {}

  static PluginMetrics create() {
    Metrics metrics = new Metrics();
    return new PluginMetrics() {
      @Override
      public MetricName metricName(
          String name, String description, LinkedHashMap<String, String> tags) {
        return metrics.metricName(name, "timestream-sink", description, tags);
      }

      @Override
      public void addMetric(MetricName metricName, MetricValueProvider<?> provider) {
        metrics.addMetric(metricName, provider);
      }

      @Override
      public void removeMetric(MetricName metricName) {
        metrics.removeMetric(metricName);
      }

      @Override
      public Sensor addSensor(String name) {
        return metrics.sensor(name);
      }

      @Override
      public void removeSensor(String name) {
        metrics.removeSensor(name);
      }
    };
  }
}
