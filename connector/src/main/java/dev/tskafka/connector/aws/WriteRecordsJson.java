package dev.tskafka.connector.aws;

import dev.tskafka.connector.mapping.TsDimension;
import dev.tskafka.connector.mapping.TsMeasure;
import dev.tskafka.connector.mapping.TsRecord;
import java.util.List;

/**
 * The body of a WriteRecords call in the service's awsJson1_0 shape, written straight from the
 * mapper's records into bytes ({@link JsonBytes}): the AWS SDK's model objects and reflective
 * marshaller cost as much CPU per record as everything else the task does, and a general JSON
 * generator still spent most of this path re-encoding the same member names.
 *
 * <p>Members every record shares (time unit, measure name, value type) go once into {@code
 * CommonAttributes}; unset members are left out, as the SDK leaves them out.
 */
final class WriteRecordsJson {
  private static final byte[] DATABASE = JsonBytes.fragment("{\"DatabaseName\":");
  private static final byte[] TABLE = JsonBytes.fragment(",\"TableName\":");
  private static final byte[] COMMON = JsonBytes.fragment(",\"CommonAttributes\":{");
  private static final byte[] RECORDS = JsonBytes.fragment(",\"Records\":[");
  private static final byte[] END_RECORDS = JsonBytes.fragment("]}");
  private static final byte[] DIMENSIONS = JsonBytes.fragment("{\"Dimensions\":[");
  private static final byte[] NAME = JsonBytes.fragment("{\"Name\":");
  private static final byte[] VALUE = JsonBytes.fragment(",\"Value\":");
  private static final byte[] TYPE = JsonBytes.fragment(",\"Type\":");
  private static final byte[] END_OBJECT = JsonBytes.fragment("}");
  private static final byte[] END_ARRAY = JsonBytes.fragment("]");
  private static final byte[] MEASURE_NAME = JsonBytes.fragment("\"MeasureName\":");
  private static final byte[] MEASURE_VALUE = JsonBytes.fragment(",\"MeasureValue\":");
  private static final byte[] MEASURE_VALUES = JsonBytes.fragment(",\"MeasureValues\":[");
  private static final byte[] MEASURE_VALUE_TYPE = JsonBytes.fragment("\"MeasureValueType\":");
  private static final byte[] TIME = JsonBytes.fragment(",\"Time\":");
  private static final byte[] TIME_UNIT = JsonBytes.fragment("\"TimeUnit\":");
  private static final byte[] VERSION = JsonBytes.fragment(",\"Version\":");

  /** Bytes per record of the last body: sizes the next buffer so that it rarely grows. */
  private static volatile int bytesPerRecord = 200;

  private WriteRecordsJson() {}

  /** A request body: the first {@code length} bytes of {@code bytes}. */
  record Body(byte[] bytes, int length) {}

  static Body body(String database, String table, List<TsRecord> records) {
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
    JsonBytes out = new JsonBytes(256 + (bytesPerRecord + 16) * records.size());
    out.raw(DATABASE).string(database).raw(TABLE).string(table);
    if (sameUnit || sameName || sameType) {
      out.raw(COMMON);
      boolean comma = false;
      if (sameName) {
        out.raw(MEASURE_NAME).string(first.measureName());
        comma = true;
      }
      if (sameType) {
        (comma ? out.comma() : out).raw(MEASURE_VALUE_TYPE).string(firstType);
        comma = true;
      }
      if (sameUnit) {
        (comma ? out.comma() : out).raw(TIME_UNIT).string(first.timeUnit().name());
      }
      out.raw(END_OBJECT);
    }
    out.raw(RECORDS);
    for (int i = 0; i < records.size(); i++) {
      if (i > 0) {
        out.comma();
      }
      writeRecord(out, records.get(i), !sameUnit, !sameName, !sameType);
    }
    out.raw(END_RECORDS);
    bytesPerRecord = out.size() / records.size();
    return new Body(out.array(), out.size());
  }

  private static void writeRecord(
      JsonBytes out, TsRecord r, boolean withUnit, boolean withName, boolean withType) {
    out.raw(DIMENSIONS);
    List<TsDimension> dimensions = r.dimensions();
    for (int i = 0; i < dimensions.size(); i++) {
      if (i > 0) {
        out.comma();
      }
      TsDimension d = dimensions.get(i);
      out.raw(NAME).string(d.name()).raw(VALUE).string(d.value()).raw(END_OBJECT);
    }
    out.raw(END_ARRAY);
    if (withName) {
      out.comma().raw(MEASURE_NAME).string(r.measureName());
    }
    if (r.multi()) {
      out.raw(MEASURE_VALUES);
      List<TsMeasure> measures = r.measures();
      for (int i = 0; i < measures.size(); i++) {
        if (i > 0) {
          out.comma();
        }
        TsMeasure m = measures.get(i);
        out.raw(NAME)
            .string(m.name())
            .raw(VALUE)
            .string(m.value())
            .raw(TYPE)
            .string(m.type().name())
            .raw(END_OBJECT);
      }
      out.raw(END_ARRAY);
    } else {
      out.raw(MEASURE_VALUE).string(r.measures().get(0).value());
    }
    if (withType) {
      out.comma().raw(MEASURE_VALUE_TYPE).string(valueType(r));
    }
    out.raw(TIME).quotedNumber(r.time());
    if (withUnit) {
      out.comma().raw(TIME_UNIT).string(r.timeUnit().name());
    }
    if (r.version() != null) {
      out.raw(VERSION).number(r.version());
    }
    out.raw(END_OBJECT);
  }

  private static String valueType(TsRecord r) {
    return r.multi() ? "MULTI" : r.measures().get(0).type().name();
  }
}
