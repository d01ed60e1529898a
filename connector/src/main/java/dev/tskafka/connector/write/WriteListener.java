package dev.tskafka.connector.write;

/** What the pipeline reports. Called from write-completion threads. */
public interface WriteListener<O> {
  /** One record reached its final state: written (reason null) or rejected with a reason. */
  void completed(PendingRecord<O> record, String rejectionReason);

  /**
   * One record reached its final state without being written: the table already holds a higher
   * version of it (an update that arrived after a newer one).
   */
  default void superseded(PendingRecord<O> record) {
    completed(record, null);
  }

  /**
   * A call reached Timestream: each of its records is written, rejected (by index in {@code
   * result}) or superseded. By default, one {@link #completed} or {@link #superseded} per record.
   */
  default void answered(Batch<O> batch, WriteResult result) {
    for (int i = 0; i < batch.size(); i++) {
      if (result.superseded().contains(i)) {
        superseded(batch.records().get(i));
      } else {
        completed(batch.records().get(i), result.rejections().get(i));
      }
    }
  }

  /** A WriteRecords call was answered (successfully or not) after this long. */
  default void callFinished(int batchSize, long latencyNanos) {}

  /** A call will be retried after a throttling or transient failure. */
  default void retrying(Batch<O> batch, int failedAttempt, WriteException cause) {}
}
