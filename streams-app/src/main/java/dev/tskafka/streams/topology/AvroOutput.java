package dev.tskafka.streams.topology;

import dev.tskafka.streams.anomaly.Verdict;
import dev.tskafka.streams.config.PipelineConfig;
import dev.tskafka.streams.config.Statistic;
import dev.tskafka.streams.model.MeasureWindow;
import dev.tskafka.streams.model.Reading;
import dev.tskafka.streams.model.WindowAggregate;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The outputs as Avro records, written through the pipeline's registry serializer: the same fields
 * as {@link JsonOutput}, with one record schema per output kind generated from the pipeline's
 * dimensions and measures. Statistics are nullable doubles (null where JSON leaves the field out: a
 * measure absent from a window, a standard deviation of one value), {@code anomalies} a nullable
 * string. Times are epoch milliseconds ({@code long}), as in JSON.
 */
final class AvroOutput implements Output {

  /** The record schemas of a pipeline's outputs. */
  record Schemas(Schema aggregate, Schema anomaly, Schema late, Schema deadLetter) {}

  private final PipelineConfig pipeline;
  private final Schemas schemas;
  private final Serializer<Object> serializer;

  private AvroOutput(PipelineConfig pipeline, Serializer<Object> serializer) {
    this.pipeline = pipeline;
    this.schemas = schemas(pipeline);
    this.serializer = serializer;
  }

  /** The pipeline's Avro output, with its serializer configured (no registry call yet). */
  static AvroOutput open(PipelineConfig pipeline) {
    return new AvroOutput(pipeline, RegistrySerdes.serializer(pipeline));
  }

  /**
   * The output schemas of {@code pipeline}, in namespace {@code dev.tskafka.streams.PIPELINE}.
   *
   * @throws IllegalArgumentException if a dimension or measure is not a valid Avro name
   */
  static Schemas schemas(PipelineConfig p) {
    String name = p.name().replaceAll("[^A-Za-z0-9_]", "_");
    String ns = "dev.tskafka.streams." + (Character.isDigit(name.charAt(0)) ? "_" + name : name);
    try {
      var agg = start(SchemaBuilder.record("Aggregate").namespace(ns), p);
      agg.requiredLong("window_start").requiredLong("window_end");
      agg.requiredLong("version").requiredBoolean("final");
      for (String m : p.measures()) {
        for (Statistic s : Statistic.values()) {
          agg.optionalDouble(m + "_" + s.label());
        }
        agg.optionalDouble(m + "_change").optionalDouble(m + "_moving_avg");
      }
      agg.requiredBoolean("anomaly").optionalString("anomalies");

      var anomaly = start(SchemaBuilder.record("Anomaly").namespace(ns), p);
      anomaly.requiredLong("window_start").requiredLong("window_end");
      anomaly.requiredString("rule").requiredString("measure").requiredDouble("value");
      anomaly.optionalDouble("baseline").optionalDouble("threshold");

      var late = start(SchemaBuilder.record("LateReading").namespace(ns), p);
      for (String m : p.measures()) {
        late.optionalDouble(m);
      }
      late.requiredLong("event_time").requiredLong("stream_time").requiredString("reason");

      Schema deadLetter =
          SchemaBuilder.record("DeadLetter")
              .namespace(ns)
              .fields()
              .requiredString("pipeline")
              .requiredString("reason")
              .optionalString("topic")
              .requiredInt("partition")
              .requiredLong("offset")
              .optionalBytes("value")
              .endRecord();
      return new Schemas(agg.endRecord(), anomaly.endRecord(), late.endRecord(), deadLetter);
    } catch (SchemaParseException e) {
      throw new IllegalArgumentException(
          p.name()
              + ": output.format=avro needs dimensions and measures that are Avro names"
              + " (letters, digits, _; not starting with a digit) and no field twice: "
              + e.getMessage(),
          e);
    }
  }

  private static SchemaBuilder.FieldAssembler<Schema> start(
      SchemaBuilder.RecordBuilder<Schema> record, PipelineConfig p) {
    SchemaBuilder.FieldAssembler<Schema> fields = record.fields().requiredString("pipeline");
    for (String d : p.dimensions()) {
      fields.requiredString(d);
    }
    return fields;
  }

  Schemas schemas() {
    return schemas;
  }

  @Override
  public byte[] aggregate(
      String topic,
      WindowAggregate agg,
      long version,
      boolean isFinal,
      Map<String, Double> derived,
      List<Verdict> anomalies) {
    GenericRecord r = record(schemas.aggregate(), agg.dimensions());
    r.put("window_start", agg.start());
    r.put("window_end", agg.end());
    r.put("version", version);
    r.put("final", isFinal);
    for (Map.Entry<String, MeasureWindow> m : agg.measures().entrySet()) {
      for (Statistic s : Statistic.values()) {
        r.put(m.getKey() + "_" + s.label(), finite(s.of(m.getValue())));
      }
    }
    derived.forEach((name, value) -> r.put(name, finite(value)));
    r.put("anomaly", !anomalies.isEmpty());
    r.put("anomalies", anomalies.isEmpty() ? null : Output.reasons(anomalies));
    return serializer.serialize(topic, r);
  }

  @Override
  public byte[] anomaly(String topic, WindowAggregate agg, Verdict v) {
    GenericRecord r = record(schemas.anomaly(), agg.dimensions());
    r.put("window_start", agg.start());
    r.put("window_end", agg.end());
    r.put("rule", v.rule());
    r.put("measure", v.measure());
    r.put("value", v.value());
    r.put("baseline", finite(v.baseline()));
    r.put("threshold", finite(v.threshold()));
    return serializer.serialize(topic, r);
  }

  @Override
  public byte[] late(String topic, Reading reading, long streamTime, String reason) {
    GenericRecord r = record(schemas.late(), reading.dimensions());
    reading.measures().forEach(r::put);
    r.put("event_time", reading.eventTime());
    r.put("stream_time", streamTime);
    r.put("reason", reason);
    return serializer.serialize(topic, r);
  }

  @Override
  public byte[] deadLetter(
      String topic, String source, int partition, long offset, byte[] value, String reason) {
    GenericRecord r = new GenericData.Record(schemas.deadLetter());
    r.put("pipeline", pipeline.name());
    r.put("reason", reason);
    r.put("topic", source);
    r.put("partition", partition);
    r.put("offset", offset);
    r.put("value", value == null ? null : ByteBuffer.wrap(value));
    return serializer.serialize(topic, r);
  }

  private GenericRecord record(Schema schema, Map<String, String> dimensions) {
    GenericRecord r = new GenericData.Record(schema);
    r.put("pipeline", pipeline.name());
    dimensions.forEach(r::put);
    return r;
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  @Override
  public void close() {
    serializer.close();
  }
}
