package dev.tskafka.streams.topology;

import dev.tskafka.streams.config.PipelineConfig;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The app's own counters, registered in Kafka Streams' metrics (JMX: {@code
 * kafka.streams:type=stream-timestream-analytics-metrics,...,timestream-analytics-id=PIPELINE}) as
 * {@code NAME-total} and {@code NAME-rate}.
 */
final class Metrics {
  static final String SCOPE = "timestream-analytics";

  private Metrics() {}

  static Sensor counter(StreamsMetrics metrics, PipelineConfig pipeline, String name) {
    return metrics.addRateTotalSensor(SCOPE, pipeline.name(), name, Sensor.RecordingLevel.INFO);
  }
}
