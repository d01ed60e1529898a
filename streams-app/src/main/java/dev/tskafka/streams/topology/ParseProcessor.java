package dev.tskafka.streams.topology;

import dev.tskafka.streams.config.PipelineConfig;
import dev.tskafka.streams.model.Reading;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Parses input records: a {@link Reading} goes on keyed by its series with its event time as the
 * record timestamp; anything unreadable becomes a dead letter ({@link Emitted}) with the reason.
 * Never throws on bad input.
 */
final class ParseProcessor implements Processor<byte[], byte[], String, Object> {
  private final PipelineConfig pipeline;
  private final ReadingParser parser;
  private ProcessorContext<String, Object> context;
  private Sensor deadLetters;

  ParseProcessor(PipelineConfig pipeline) {
    this.pipeline = pipeline;
    this.parser = new ReadingParser(pipeline);
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.deadLetters = Metrics.counter(context.metrics(), pipeline, "dead-letter-records");
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    try {
      Reading reading = parser.parse(record.value(), record.timestamp());
      context.forward(
          new Record<String, Object>(
              reading.seriesKey(), reading, reading.eventTime(), record.headers()));
    } catch (BadInputException e) {
      deadLetters.record();
      RecordMetadata meta = context.recordMetadata().orElse(null);
      byte[] json =
          JsonOutput.deadLetter(
              pipeline.name(),
              meta == null ? null : meta.topic(),
              meta == null ? -1 : meta.partition(),
              meta == null ? -1 : meta.offset(),
              record.value(),
              e.getMessage());
      context.forward(
          new Record<String, Object>(
              null, new Emitted(pipeline.deadLetterTopic(), json), record.timestamp()));
    }
  }
}
