package dev.tskafka.connector.aws;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tskafka.connector.mapping.TsDimension;
import dev.tskafka.connector.mapping.TsMeasure;
import dev.tskafka.connector.mapping.TsRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The body of a WriteRecords call in the service's awsJson1_0 shape, written with Jackson's
 * streaming generator straight from the mapper's records: the AWS SDK's model objects and
 * reflective marshaller cost as much CPU per record as everything else the task does.
 *
 * <p>Members every record shares (time unit, measure name, value type) go once into {@code
 * CommonAttributes}; unset members are left out, as the SDK leaves them out.
 */
final class WriteRecordsJson {
  private static final JsonFactory JSON = new JsonFactory();

  private WriteRecordsJson() {}

  static byte[] body(String database, String table, List<TsRecord> records) {
    TsRecord first = records.get(0);
    boolean sameUnit = true;
    boolean sameName = true;
    boolean sameType = true;
    String firstType = valueType(first);
    for (TsRecord r : records) {
      sameUnit &= r.timeUnit() == first.timeUnit();
      sameName &= r.measureName().equals(first.measureName());
      sameType &= valueType(r).equals(firstType);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 160 * records.size());
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("DatabaseName", database);
      g.writeStringField("TableName", table);
      if (sameUnit || sameName || sameType) {
        g.writeObjectFieldStart("CommonAttributes");
        if (sameName) {
          g.writeStringField("MeasureName", first.measureName());
        }
        if (sameType) {
          g.writeStringField("MeasureValueType", firstType);
        }
        if (sameUnit) {
          g.writeStringField("TimeUnit", first.timeUnit().name());
        }
        g.writeEndObject();
      }
      g.writeArrayFieldStart("Records");
      for (TsRecord r : records) {
        writeRecord(g, r, !sameUnit, !sameName, !sameType);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  private static void writeRecord(
      JsonGenerator g, TsRecord r, boolean withUnit, boolean withName, boolean withType)
      throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("Dimensions");
    for (TsDimension d : r.dimensions()) {
      g.writeStartObject();
      g.writeStringField("Name", d.name());
      g.writeStringField("Value", d.value());
      g.writeEndObject();
    }
    g.writeEndArray();
    if (withName) {
      g.writeStringField("MeasureName", r.measureName());
    }
    if (r.multi()) {
      g.writeArrayFieldStart("MeasureValues");
      for (TsMeasure m : r.measures()) {
        g.writeStartObject();
        g.writeStringField("Name", m.name());
        g.writeStringField("Value", m.value());
        g.writeStringField("Type", m.type().name());
        g.writeEndObject();
      }
      g.writeEndArray();
    } else {
      g.writeStringField("MeasureValue", r.measures().get(0).value());
    }
    if (withType) {
      g.writeStringField("MeasureValueType", valueType(r));
    }
    g.writeStringField("Time", Long.toString(r.time()));
    if (withUnit) {
      g.writeStringField("TimeUnit", r.timeUnit().name());
    }
    if (r.version() != null) {
      g.writeNumberField("Version", r.version());
    }
    g.writeEndObject();
  }

  private static String valueType(TsRecord r) {
    return r.multi() ? "MULTI" : r.measures().get(0).type().name();
  }
}
