package dev.tskafka.connector.errors;

import java.util.concurrent.Future;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a record goes when it cannot be written: with {@code errors.tolerance=all}, Connect's
 * errant-record reporter (the dead-letter queue, with the reason in its headers); otherwise the
 * task fails with a message naming the record's coordinates and the reason.
 */
public final class ErrantRecords {
  private static final Logger log = LoggerFactory.getLogger(ErrantRecords.class);

  /** The record class whose consumed bytes the worker's reporter sends (Kafka 2.6 and later). */
  private static final String WORKER_RECORD = "org.apache.kafka.connect.runtime.InternalSinkRecord";

  private final boolean tolerateAll;
  private final ErrantRecordReporter reporter;

  public ErrantRecords(boolean tolerateAll, ErrantRecordReporter reporter) {
    this.tolerateAll = tolerateAll;
    this.reporter = reporter;
  }

  /** Whether reported records go to a dead-letter queue (rather than only to the log). */
  public boolean hasDeadLetterQueue() {
    return tolerateAll && reporter != null;
  }

  /**
   * Reports a record. Returns the dead-letter write, which completes once the record is durably in
   * the queue (null when there is no queue to wait for). Throws ConnectException when errors are
   * not tolerated.
   */
  public Future<?> report(SinkRecord record, String reason) {
    String where = coordinates(record);
    if (!tolerateAll) {
      throw new ConnectException(
          "Cannot write record "
              + where
              + " to Timestream: "
              + reason
              + ". Set errors.tolerance=all and errors.deadletterqueue.topic.name to send such"
              + " records to a dead-letter queue instead.");
    }
    if (reporter == null) {
      log.warn(
          "Skipping record {} (errors.tolerance=all, no dead-letter queue): {}", where, reason);
      return null;
    }
    log.debug("Sending record {} to the dead-letter queue: {}", where, reason);
    return reporter.report(record, new UnwritableRecordException(where + ": " + reason));
  }

  /**
   * What a record must keep while it may still be reported: for a record the worker made (its
   * errant-record reporter sends the consumed bytes of such a record, not its converted data), a
   * copy without the converted key and value, which are most of a record's heap once it is mapped
   * (a WriteRecords call keeps its records for ~20-100 ms, long enough for the garbage collector to
   * copy and promote them). Any other record is kept whole: the reporter would convert it again.
   */
  public static SinkRecord reportable(SinkRecord record) {
    if (!record.getClass().getName().equals(WORKER_RECORD)) {
      return record;
    }
    SinkRecord copy =
        record.newRecord(
            record.topic(),
            record.kafkaPartition(),
            null,
            null,
            null,
            null,
            record.timestamp(),
            record.headers());
    boolean sameOrigin =
        copy.getClass() == record.getClass()
            && copy.originalKafkaOffset() == record.originalKafkaOffset()
            && java.util.Objects.equals(
                copy.originalKafkaPartition(), record.originalKafkaPartition())
            && java.util.Objects.equals(copy.originalTopic(), record.originalTopic());
    return sameOrigin ? copy : record;
  }

  /** Where the record was consumed: topic-partition@offset, before any transform. */
  public static String coordinates(SinkRecord record) {
    return record.originalTopic()
        + "-"
        + record.originalKafkaPartition()
        + "@"
        + record.originalKafkaOffset();
  }
}
