package dev.tskafka.connector;

import dev.tskafka.connector.aws.AwsTimestreamWriter;
import dev.tskafka.connector.aws.TableProvisioner;
import dev.tskafka.connector.aws.TimestreamClients;
import dev.tskafka.connector.config.TimestreamSinkConfig;
import dev.tskafka.connector.errors.ErrantRecords;
import dev.tskafka.connector.mapping.BadRecordException;
import dev.tskafka.connector.mapping.MappedRecord;
import dev.tskafka.connector.mapping.MappingSpec;
import dev.tskafka.connector.mapping.RecordMapper;
import dev.tskafka.connector.mapping.TsRecord;
import dev.tskafka.connector.metrics.SinkTaskMetrics;
import dev.tskafka.connector.offsets.OffsetTracker;
import dev.tskafka.connector.write.Backoff;
import dev.tskafka.connector.write.Batch;
import dev.tskafka.connector.write.BatchBuffer;
import dev.tskafka.connector.write.PendingRecord;
import dev.tskafka.connector.write.WriteException;
import dev.tskafka.connector.write.WriteListener;
import dev.tskafka.connector.write.WritePipeline;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteAsyncClient;

/**
 * Orchestrates only: put() maps records and buffers them, full or lingering batches go to the write
 * pipeline, preCommit() returns offsets of records that were written or reported.
 */
public final class TimestreamSinkTask extends SinkTask {
  private static final Logger log = LoggerFactory.getLogger(TimestreamSinkTask.class);

  private TimestreamSinkConfig config;
  private MappingSpec mapping;
  private RecordMapper mapper;
  private TableProvisioner tables;
  private BatchBuffer buffer;
  private WritePipeline pipeline;
  private OffsetTracker offsets;
  private ErrantRecords errant;
  private SinkTaskMetrics metrics;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new TimestreamSinkConfig(props);
    mapping = config.mappingSpec();
    mapper = new RecordMapper(mapping);
    offsets = new OffsetTracker();
    buffer = new BatchBuffer(config.batchSize(), config.batchLinger().toNanos());
    errant = new ErrantRecords(config.toleratesErrors(), errantReporter());
    TimestreamWriteAsyncClient client = TimestreamClients.create(config);
    tables = new TableProvisioner(client, config);
    pipeline =
        new WritePipeline(
            new AwsTimestreamWriter(client, config.database()),
            new Listener(),
            config.maxInFlight(),
            config.retryMaxAttempts(),
            new Backoff(config.retryBackoff(), config.retryBackoffMax()));
    metrics = new SinkTaskMetrics(pluginMetrics(), pipeline::inFlight, this::bufferedRecords);
    try {
      ensureKnownTables(props.getOrDefault("topics", ""));
    } catch (RuntimeException e) {
      pipeline.close();
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

  private PluginMetrics pluginMetrics() {
    try {
      return context.pluginMetrics();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      return StandalonePluginMetrics.create(); // a worker older than Kafka 4.1
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
    BatchBuffer b = buffer;
    return (b == null ? 0 : b.size()) + (pipeline == null ? 0 : pipeline.outstandingRecords());
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    throwIfFailed();
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
        metrics.badRecord();
        reportUnwritable(record, e.getMessage());
        offsets.track(record, 0);
        continue;
      }
      tables.ensure(mapped.table());
      OffsetTracker.Slot slot = offsets.track(record, mapped.records().size());
      for (TsRecord ts : mapped.records()) {
        Batch full = buffer.add(mapped.table(), new PendingRecord(ts, slot), now);
        if (full != null) {
          pipeline.submit(full);
        }
      }
    }
    buffer.drainLingering(System.nanoTime()).forEach(pipeline::submit);
    reportRejected();
    awaitBufferBelowBound();
    scheduleLingerWakeup();
  }

  /** Back-pressure: wait while more records are buffered than the configured bound. */
  private void awaitBufferBelowBound() {
    int bound = config.maxBufferedRecords();
    while (bufferedRecords() > bound) {
      if (buffer.size() > 0 && pipeline.outstandingRecords() < bound) {
        buffer.drainAll().forEach(pipeline::submit);
      }
      try {
        pipeline.awaitOutstandingAtMost(bound - buffer.size(), Duration.ofMillis(200));
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

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    throwIfFailed();
    buffer.drainAll().forEach(pipeline::submit);
    reportRejected();
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
    log.info("Timestream sink task stopped");
  }

  private void reportRejected() {
    for (OffsetTracker.Slot slot : offsets.takeRejected()) {
      reportUnwritable(slot.origin(), slot.rejection());
      offsets.reported(slot);
    }
  }

  private void reportUnwritable(SinkRecord record, String reason) {
    errant.report(record, reason);
    if (errant.hasDeadLetterQueue()) {
      metrics.deadLettered();
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
  }

  /** Feeds write outcomes to the offset tracker and the metrics. */
  private final class Listener implements WriteListener {
    @Override
    public void completed(PendingRecord record, String rejectionReason) {
      if (rejectionReason == null) {
        metrics.written();
      } else {
        metrics.rejected();
      }
      offsets.complete(record.slot(), rejectionReason);
    }

    @Override
    public void superseded(PendingRecord record) {
      metrics.superseded();
      offsets.complete(record.slot(), null);
    }

    @Override
    public void callFinished(int batchSize, long latencyNanos) {
      metrics.call(batchSize, latencyNanos);
    }

    @Override
    public void retrying(Batch batch, int failedAttempt, WriteException cause) {
      metrics.retry(cause.kind() == WriteException.Kind.THROTTLED);
    }
  }
}
