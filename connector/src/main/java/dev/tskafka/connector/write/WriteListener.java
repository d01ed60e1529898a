package dev.tskafka.connector.write;

/** What the pipeline reports. Called from write-completion threads. */
public interface WriteListener {
  /** One record reached its final state: written (reason null) or rejected with a reason. */
  void completed(PendingRecord record, String rejectionReason);

  /** A WriteRecords call was answered (successfully or not) after this long. */
  default void callFinished(int batchSize, long latencyNanos) {}

  /** A call will be retried after a throttling or transient failure. */
  default void retrying(Batch batch, int failedAttempt, WriteException cause) {}
}
