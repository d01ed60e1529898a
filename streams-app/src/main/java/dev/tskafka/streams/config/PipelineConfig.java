package dev.tskafka.streams.config;

import java.time.Duration;
import java.util.List;

/**
 * One analytics pipeline: where readings come from, what identifies a series, what is aggregated
 * over which windows, and where results go.
 *
 * @param partitionedBySeries the input topics are already partitioned so that all records of a
 *     series share a partition (producers key by device or host): no repartition topic is needed,
 *     and stream time is not skewed by other input partitions read at a different pace
 * @param timeField the event-time field (epoch ms, or ISO-8601 text), or null for the Kafka
 *     timestamp
 * @param maxFuture how far ahead of this machine's clock an event time may be; a reading further
 *     ahead (a device clock years off, microseconds sent as milliseconds) is a dead letter, so that
 *     it never moves stream time and no output carries a time the broker refuses
 * @param advance the hop of hopping windows; equal to {@code size} for tumbling windows
 * @param emitUpdates false: one final result per window when it closes; true: also an update per
 *     record, each with a higher version
 * @param quietAfter how long a task may see no input before its open windows close on wall-clock
 *     time (stream-time suppression alone would hold them until the next record)
 * @param historyWindows how many past windows per series the z-score and moving average read
 * @param liveWindows open series-windows kept as objects on the heap per stream task; beyond it the
 *     least recently updated are written to the persistent store and read back when needed
 * @param formats JSON or Avro, for the input and for the outputs
 */
public record PipelineConfig(
    String name,
    List<String> inputTopics,
    boolean partitionedBySeries,
    List<String> dimensions,
    List<String> measures,
    String timeField,
    Duration maxFuture,
    Duration size,
    Duration advance,
    Duration grace,
    boolean emitUpdates,
    Duration quietAfter,
    int historyWindows,
    int movingAverageWindows,
    int liveWindows,
    List<RuleSpec> rules,
    String outputTopic,
    String anomaliesTopic,
    String deadLetterTopic,
    String lateTopic,
    Formats formats) {

  public PipelineConfig {
    if (size.isZero() || size.isNegative()) {
      throw new IllegalArgumentException(name + ": window size must be positive");
    }
    if (advance.isZero() || advance.isNegative() || advance.compareTo(size) > 0) {
      throw new IllegalArgumentException(name + ": window advance must be in (0, size]");
    }
    if (dimensions.isEmpty() || measures.isEmpty()) {
      throw new IllegalArgumentException(name + ": list at least one dimension and one measure");
    }
    for (RuleSpec rule : rules) {
      if (!measures.contains(rule.measure())) {
        throw new IllegalArgumentException(
            name
                + ": rule on '"
                + rule.measure()
                + "', which is not one of the measures "
                + measures);
      }
    }
    inputTopics = List.copyOf(inputTopics);
    dimensions = List.copyOf(dimensions);
    measures = List.copyOf(measures);
    rules = List.copyOf(rules);
  }
}
