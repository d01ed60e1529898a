package dev.tskafka.streams.topology;

import dev.tskafka.streams.config.PipelineConfig;
import dev.tskafka.streams.model.Reading;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Parses input records, JSON or Avro: a {@link Reading} goes on keyed by its series with its event
 * time as the record timestamp; anything unreadable becomes a dead letter ({@link Emitted}) with
 * the reason. Never throws on bad input: whatever fails while reading one record (the parser's
 * refusals, and any exception from a converter or a library on input nobody foresaw) makes that
 * record a dead letter, so that no record can make the replaced stream thread fail again on it.
 * Dead letters carry the input's timestamp, or the wall clock when that is later: never a time the
 * broker may refuse.
 *
 * <p>Avro is deserialized here, not in the source's serdes, so that bytes the registry deserializer
 * cannot read (an unknown schema id, a wrong magic byte, truncated or non-Avro bytes) become dead
 * letters like any other bad input. A registry that cannot be reached is not bad input: the record
 * fails its task (the stream thread is replaced and the record read again).
 */
final class ParseProcessor implements Processor<byte[], byte[], String, Object> {
  private final PipelineConfig pipeline;
  private final ReadingParser parser;
  private ProcessorContext<String, Object> context;
  private Sensor deadLetters;
  private Deserializer<Object> deserializer; // null: JSON input
  private Output output;

  ParseProcessor(PipelineConfig pipeline) {
    this.pipeline = pipeline;
    this.parser = new ReadingParser(pipeline);
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.deadLetters = Metrics.counter(context.metrics(), pipeline, "dead-letter-records");
    if (pipeline.formats().avroInput() && deserializer == null) {
      deserializer = RegistrySerdes.deserializer(pipeline);
    }
    if (output == null) {
      output = Output.of(pipeline);
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    String topic = meta == null ? null : meta.topic();
    long now = context.currentSystemTimeMs();
    Reading reading;
    try {
      reading =
          deserializer == null
              ? parser.parse(record.value(), record.timestamp(), now)
              : parser.parse(readAvro(topic, record), record.timestamp(), now);
    } catch (BadInputException e) {
      deadLetter(record, meta, e.getMessage(), now);
      return;
    } catch (StreamsException e) {
      throw e; // the registry cannot be reached: not the record's fault, read it again
    } catch (RuntimeException e) {
      deadLetter(record, meta, "could not be read: " + describe(e), now);
      return;
    }
    context.forward(
        new Record<String, Object>(
            reading.seriesKey(), reading, reading.eventTime(), record.headers()));
  }

  private void deadLetter(
      Record<byte[], byte[]> record, RecordMetadata meta, String reason, long now) {
    deadLetters.record();
    String topic = meta == null ? null : meta.topic();
    int partition = meta == null ? -1 : meta.partition();
    long offset = meta == null ? -1 : meta.offset();
    String to = pipeline.deadLetterTopic();
    byte[] value = output.deadLetter(to, topic, partition, offset, record.value(), reason);
    long timestamp = record.timestamp() < 0 ? now : Math.min(record.timestamp(), now);
    context.forward(new Record<String, Object>(null, new Emitted(to, value), timestamp));
  }

  private GenericRecord readAvro(String topic, Record<byte[], byte[]> record) {
    if (record.value() == null) {
      throw new BadInputException("empty record (tombstone)");
    }
    Object value;
    try {
      value = deserializer.deserialize(topic, record.headers(), record.value());
    } catch (RuntimeException e) {
      if (unreachable(e)) {
        throw new StreamsException(
            pipeline.name() + ": the schema registry cannot be reached; the record is retried", e);
      }
      throw new BadInputException(
          "not readable by " + deserializer.getClass().getSimpleName() + ": " + describe(e));
    }
    if (value instanceof GenericRecord r) {
      return r;
    }
    throw new BadInputException(
        deserializer.getClass().getSimpleName()
            + " returned "
            + (value == null ? "null" : value.getClass().getName())
            + ", not an Avro record");
  }

  /** The exception and, when it wraps another, its root cause. */
  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.toString() : e + " (caused by " + root + ")";
  }

  private static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SocketException
          || t instanceof SocketTimeoutException
          || t instanceof UnknownHostException
          || t instanceof HttpTimeoutException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    if (deserializer != null) {
      deserializer.close();
      deserializer = null;
    }
    if (output != null) {
      output.close();
      output = null;
    }
  }
}
