package dev.tskafka.streams.topology;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * {@link FieldSource} over an Avro record as a registry deserializer returns it: top-level fields,
 * nullable unions resolved to the branch that is set, strings ({@code Utf8}) and enum symbols as
 * text, {@code int}/{@code long}/{@code float}/{@code double} and {@code decimal} as numbers,
 * {@code timestamp-millis}/{@code -micros}/{@code -nanos} (and the local variants) and {@code date}
 * as epoch milliseconds. Values already converted by a deserializer with logical-type conversions
 * on ({@link Instant}, {@link BigDecimal}, {@link LocalDate}) read the same.
 */
record AvroFields(GenericRecord record) implements FieldSource {
  private static final Conversions.DecimalConversion DECIMAL = new Conversions.DecimalConversion();

  @Override
  public Value get(String name) {
    Schema.Field field = record.getSchema().getField(name);
    Object v = field == null ? null : record.get(field.pos());
    if (v == null) {
      return null;
    }
    Schema schema = field.schema();
    if (schema.getType() == Schema.Type.UNION) {
      try {
        schema = schema.getTypes().get(GenericData.get().resolveUnion(schema, v));
      } catch (AvroRuntimeException e) {
        // A value that matches no branch: read it without a logical type.
      }
    }
    return new AvroValue(v, schema.getLogicalType(), schema);
  }

  private record AvroValue(Object value, LogicalType logical, Schema schema) implements Value {

    @Override
    public String text() {
      if (value instanceof CharSequence
          || value instanceof GenericEnumSymbol<?>
          || value instanceof Boolean
          || value instanceof Integer
          || value instanceof Long
          || value instanceof Double
          || value instanceof BigDecimal
          || value instanceof Instant
          || value instanceof LocalDate) {
        return value.toString();
      }
      if (value instanceof Float f) {
        return Float.toString(f);
      }
      BigDecimal decimal = decimal();
      return decimal == null ? null : decimal.toString();
    }

    @Override
    public Double number() {
      if (value instanceof Float f) {
        // The float's shortest text, as JSON would carry it: 21.3, not 21.299999237060547.
        return Double.parseDouble(Float.toString(f));
      }
      if (value instanceof Integer || value instanceof Long || value instanceof Double) {
        return ((Number) value).doubleValue();
      }
      if (value instanceof BigDecimal d) {
        return d.doubleValue();
      }
      BigDecimal decimal = decimal();
      return decimal == null ? null : decimal.doubleValue();
    }

    @Override
    public Long epochMillis() {
      if (value instanceof Instant i) {
        return i.toEpochMilli();
      }
      if (value instanceof LocalDate d) {
        return d.toEpochDay() * 86_400_000L;
      }
      if (!(value instanceof Integer || value instanceof Long)) {
        return null;
      }
      long n = ((Number) value).longValue();
      if (logical == null) {
        return n;
      }
      return switch (logical.getName()) {
        case "timestamp-millis", "local-timestamp-millis" -> n;
        case "timestamp-micros", "local-timestamp-micros" -> Math.floorDiv(n, 1_000L);
        case "timestamp-nanos", "local-timestamp-nanos" -> Math.floorDiv(n, 1_000_000L);
        case "date" -> n * 86_400_000L;
        default -> null; // time-millis, time-micros: a time of day, not an instant
      };
    }

    /** The value of a {@code decimal} held as bytes or fixed, else null. */
    private BigDecimal decimal() {
      if (!(logical instanceof LogicalTypes.Decimal)) {
        return null;
      }
      try {
        if (value instanceof ByteBuffer b) {
          return DECIMAL.fromBytes(b.duplicate(), schema, logical);
        }
        if (value instanceof GenericFixed f) {
          return DECIMAL.fromFixed(f, schema, logical);
        }
      } catch (RuntimeException e) {
        // Zero-length bytes among them: BigInteger refuses an empty magnitude.
        throw new BadInputException("a decimal that cannot be read (" + e.getMessage() + ")");
      }
      return null;
    }

    @Override
    public String toString() {
      BigDecimal decimal;
      try {
        decimal = decimal();
      } catch (BadInputException e) {
        decimal = null;
      }
      return decimal != null ? decimal.toString() : GenericData.get().toString(value);
    }
  }
}
