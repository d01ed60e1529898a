package dev.tskafka.connector;

import dev.tskafka.connector.aws.TableProvisioner;
import dev.tskafka.connector.aws.TimestreamClients;
import dev.tskafka.connector.config.TimestreamSinkConfig;
import dev.tskafka.connector.errors.ErrantRecords;
import dev.tskafka.connector.mapping.BadRecordException;
import dev.tskafka.connector.mapping.MappedRecord;
import dev.tskafka.connector.mapping.MappingSpec;
import dev.tskafka.connector.mapping.RecordMapper;
import dev.tskafka.connector.mapping.TsRecord;
import dev.tskafka.connector.mapping.VersionSource;
import dev.tskafka.connector.metrics.SinkTaskMetrics;
import dev.tskafka.connector.offsets.OffsetTracker;
import dev.tskafka.connector.write.Backoff;
import dev.tskafka.connector.write.Batch;
import dev.tskafka.connector.write.BatchBuffer;
import dev.tskafka.connector.write.PendingRecord;
import dev.tskafka.connector.write.WriteException;
import dev.tskafka.connector.write.WriteListener;
import dev.tskafka.connector.write.WritePipeline;
import dev.tskafka.connector.write.WriteResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orchestrates only: put() maps records and buffers them, full or lingering batches go to the write
 * pipeline, preCommit() returns offsets of records that were written or reported.
 */
public final class TimestreamSinkTask extends SinkTask {
  private static final Logger log = LoggerFactory.getLogger(TimestreamSinkTask.class);

  private TimestreamSinkConfig config;
  private MappingSpec mapping;
  private RecordMapper mapper;
  private TimestreamClients.Clients clients;
  private TableProvisioner tables;
  private BatchBuffer<OffsetTracker.Slot> buffer;
  private WritePipeline<OffsetTracker.Slot> pipeline;
  private OffsetTracker offsets;
  private ErrantRecords errant;
  private SinkTaskMetrics metrics;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    WorkerRequirements.check();
    config = new TimestreamSinkConfig(props);
    mapping = config.mappingSpec();
    mapper = new RecordMapper(mapping);
    offsets = new OffsetTracker();
    buffer = new BatchBuffer<>(config.batchSize(), config.batchLinger().toNanos());
    errant = new ErrantRecords(config.toleratesErrors(), errantReporter());
    clients = TimestreamClients.create(config);
    tables = new TableProvisioner(clients.control(), config);
    pipeline =
        new WritePipeline<>(
            clients.writer(),
            new Listener(mapping.versionSource() == VersionSource.OFFSET),
            config.maxInFlight(),
            config.retryMaxAttempts(),
            new Backoff(config.retryBackoff(), config.retryBackoffMax()));
    metrics =
        new SinkTaskMetrics(
            context.pluginMetrics(),
            pipeline::inFlight,
            this::bufferedRecords,
            offsets::pendingRecords);
    try {
      ensureKnownTables(props.getOrDefault("topics", ""));
    } catch (RuntimeException e) {
      pipeline.close();
      clients.close();
      throw e instanceof ConnectException
          ? e
          : new ConnectException(
              "Cannot reach Timestream to check tables in database " + config.database() + ": " + e,
              e);
    }
    log.info(
        "Timestream sink task started: database {}, table {}, {} dimensions, batch {} x {} in"
            + " flight, DLQ {}",
        config.database(),
        mapping.tableTemplate(),
        mapping.dimensions().size(),
        config.batchSize(),
        config.maxInFlight(),
        errant.hasDeadLetterQueue() ? "on" : "off");
  }

  private ErrantRecordReporter errantReporter() {
    try {
      return context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      return null; // a worker older than Kafka 2.6
    }
  }

  private void ensureKnownTables(String topics) {
    for (String topic : topics.split(",")) {
      if (!topic.isBlank()) {
        tables.ensure(mapping.tableFor(topic.trim()));
      }
    }
  }

  private int bufferedRecords() {
    BatchBuffer<OffsetTracker.Slot> b = buffer;
    return (b == null ? 0 : b.size()) + (pipeline == null ? 0 : pipeline.outstandingRecords());
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    throwIfFailed();
    if (!records.isEmpty()) {
      awaitRoom();
    }
    long now = System.nanoTime();
    for (SinkRecord record : records) {
      if (record.value() == null) {
        offsets.track(record, 0);
        metrics.skipped();
        continue;
      }
      MappedRecord mapped;
      try {
        mapped = mapper.map(record);
      } catch (BadRecordException e) {
        badRecord(record, e.getMessage());
        continue;
      } catch (RuntimeException e) {
        // A bug or a value no check foresaw: one record must not fail the task on every restart.
        badRecord(record, "cannot map the record: " + e);
        continue;
      }
      // Kept until written, for a possible dead-letter report: without its converted value.
      OffsetTracker.Slot slot =
          offsets.track(ErrantRecords.reportable(record), mapped.records().size());
      if (slot == null) {
        continue; // delivered again after a retriable put() or a rewind: already handled
      }
      tables.ensure(mapped.table());
      for (TsRecord ts : mapped.records()) {
        Batch<OffsetTracker.Slot> full =
            buffer.add(mapped.table(), new PendingRecord<>(ts, slot), now);
        if (full != null) {
          pipeline.submit(full);
        }
      }
    }
    buffer.drainLingering(System.nanoTime()).forEach(pipeline::submit);
    reportRejected();
    scheduleLingerWakeup();
  }

  private void badRecord(SinkRecord record, String reason) {
    OffsetTracker.Slot slot = offsets.track(record, 1);
    if (slot != null) {
      metrics.badRecord();
      offsets.complete(slot, reason);
    }
  }

  /**
   * Back-pressure, bounded in time: waits while the buffer holds the configured number of records
   * or more. Past {@code timestream.max.put.wait.ms} the batch goes back to Connect, which pauses
   * the partitions, keeps polling and delivers the same records again; none of them was taken.
   */
  private void awaitRoom() {
    int bound = config.maxBufferedRecords();
    long deadline = System.nanoTime() + config.maxPutWait().toNanos();
    while (bufferedRecords() >= bound) {
      if (buffer.size() > 0 && pipeline.outstandingRecords() < bound) {
        buffer.drainAll().forEach(pipeline::submit);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        context.timeout(config.retryBackoff().toMillis());
        throw new RetriableException(
            "Timestream writes are behind: "
                + bufferedRecords()
                + " records buffered or in flight (timestream.max.buffered.records="
                + bound
                + ") after waiting "
                + config.maxPutWait().toMillis()
                + " ms; Connect delivers these records again");
      }
      try {
        pipeline.awaitOutstandingAtMost(
            bound - 1 - buffer.size(), Duration.ofNanos(Math.min(left, 200_000_000L)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException("interrupted while waiting for Timestream writes", e);
      }
      reportRejected();
      throwIfFailed();
    }
  }

  private void scheduleLingerWakeup() {
    long nanos = buffer.nanosUntilNextLinger(System.nanoTime());
    if (nanos >= 0) {
      context.timeout(Math.max(1, nanos / 1_000_000));
    }
  }

  /**
   * Returns the offsets of records written, superseded or durably in the dead-letter queue. Reports
   * are made in put() only: Connect waits for those before it calls this, while a report made here
   * would be committed before it is durable. A rejection learnt since the last put() keeps its
   * record's offset back until the next put() reports it.
   */
  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    buffer.drainAll().forEach(pipeline::submit);
    return offsets.committable(currentOffsets.keySet());
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    // Connect committed what preCommit allowed just before this call. Records of these partitions
    // still buffered or in flight are written anyway (replays are idempotent with versions), but
    // their offsets are left to the partitions' next owner, who reads them again.
    if (offsets != null) {
      offsets.forget(partitions);
    }
  }

  @Override
  public void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
    if (clients != null) {
      clients.close();
    }
    log.info("Timestream sink task stopped");
  }

  private void reportRejected() {
    for (OffsetTracker.Slot slot : offsets.takeRejected()) {
      SinkRecord record = slot.origin();
      if (record == null) {
        continue; // its partition was revoked meanwhile
      }
      Future<?> write = errant.report(record, slot.rejection());
      if (errant.hasDeadLetterQueue()) {
        metrics.deadLettered();
      }
      offsets.reported(slot, write);
    }
  }

  private void throwIfFailed() {
    WriteException failure = pipeline.failure();
    if (failure != null) {
      throw new ConnectException(
          failure.getMessage()
              + ". The task stops; offsets of unwritten records were not committed, so they are"
              + " written again when the task restarts.",
          failure);
    }
    offsets.settleReports();
    String reportFailure = offsets.reportFailure();
    if (reportFailure != null) {
      throw new ConnectException(
          reportFailure
              + ". The task stops; that record's offset was not committed, so it is written (or"
              + " reported) again when the task restarts.");
    }
  }

  /** Feeds write outcomes to the offset tracker and the metrics. */
  private final class Listener implements WriteListener<OffsetTracker.Slot> {
    private static final long SUPERSEDED_WARN_INTERVAL_NANOS = 60_000_000_000L;
    private final boolean offsetVersions;
    private final AtomicLong supersededSinceWarn = new AtomicLong();
    private final AtomicLong lastSupersededWarn =
        new AtomicLong(System.nanoTime() - SUPERSEDED_WARN_INTERVAL_NANOS);

    Listener(boolean offsetVersions) {
      this.offsetVersions = offsetVersions;
    }

    /** The usual answer, all written, is counted and completed per call, not per record. */
    @Override
    public void answered(Batch<OffsetTracker.Slot> batch, WriteResult result) {
      if (!result.rejections().isEmpty() || !result.superseded().isEmpty()) {
        WriteListener.super.answered(batch, result);
        return;
      }
      List<OffsetTracker.Slot> slots = new ArrayList<>(batch.size());
      for (PendingRecord<OffsetTracker.Slot> record : batch.records()) {
        slots.add(record.origin());
      }
      offsets.completeWritten(slots);
      metrics.written(batch.size());
    }

    @Override
    public void completed(PendingRecord<OffsetTracker.Slot> record, String rejectionReason) {
      if (rejectionReason == null) {
        metrics.written();
      } else {
        metrics.rejected();
      }
      offsets.complete(record.origin(), rejectionReason);
    }

    @Override
    public void superseded(PendingRecord<OffsetTracker.Slot> record) {
      metrics.superseded();
      if (offsetVersions) {
        warnSuperseded(record.origin().origin());
      }
      offsets.complete(record.origin(), null);
    }

    /**
     * With offset versions a superseded record is either an earlier update of a point that its
     * partition updated again (nothing lost) or a correction that lost to a higher offset of
     * another partition (lost): say so, naming the record, at most once a minute with a count.
     */
    private void warnSuperseded(SinkRecord origin) {
      long now = System.nanoTime();
      long count = supersededSinceWarn.incrementAndGet();
      long last = lastSupersededWarn.get();
      if (now - last < SUPERSEDED_WARN_INTERVAL_NANOS
          || !lastSupersededWarn.compareAndSet(last, now)) {
        return;
      }
      supersededSinceWarn.addAndGet(-count);
      log.warn(
          "{} record(s) not written because the table holds a higher version of the same point,"
              + " the latest {}. With timestream.version.source=OFFSET a version is the Kafka"
              + " offset, which orders records within one partition only: an update from another"
              + " partition with a lower offset loses. Key producers by series (every update of a"
              + " point in one partition) or use timestream.version.source=FIELD.",
          count,
          origin == null ? "of a revoked partition" : ErrantRecords.coordinates(origin));
    }

    @Override
    public void callFinished(int batchSize, long latencyNanos) {
      metrics.call(batchSize, latencyNanos);
    }

    @Override
    public void retrying(Batch<OffsetTracker.Slot> batch, int failedAttempt, WriteException cause) {
      metrics.retry(cause.kind() == WriteException.Kind.THROTTLED);
    }
  }
}
