package dev.tskafka.streams.topology;

import dev.tskafka.streams.anomaly.Verdict;
import dev.tskafka.streams.config.PipelineConfig;
import dev.tskafka.streams.model.Reading;
import dev.tskafka.streams.model.WindowAggregate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How a pipeline writes its results: {@link JsonOutput} or {@link AvroOutput}, chosen once from
 * {@code pipeline.NAME.output.format}. {@code topic} is where the bytes go (a registry serializer
 * names the schema's subject after it).
 */
interface Output extends AutoCloseable {

  static Output of(PipelineConfig pipeline) {
    return pipeline.formats().avroOutput() ? AvroOutput.open(pipeline) : new JsonOutput(pipeline);
  }

  byte[] aggregate(
      String topic,
      WindowAggregate agg,
      long version,
      boolean isFinal,
      Map<String, Double> derived,
      List<Verdict> anomalies);

  byte[] anomaly(String topic, WindowAggregate agg, Verdict v);

  byte[] late(String topic, Reading reading, long streamTime, String reason);

  /** A dead letter for {@code topic}: {@code value} read from {@code source} at its coordinates. */
  byte[] deadLetter(
      String topic, String source, int partition, long offset, byte[] value, String reason);

  @Override
  default void close() {}

  /** The aggregates' {@code anomalies} field: {@code rule:measure.statistic}, comma-separated. */
  static String reasons(List<Verdict> anomalies) {
    return anomalies.stream()
        .map(v -> v.rule() + ":" + v.measure())
        .collect(Collectors.joining(","));
  }
}
