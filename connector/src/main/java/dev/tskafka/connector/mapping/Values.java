package dev.tskafka.connector.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;

/**
 * Conversions of Connect values into Timestream values: measure text by type, and epoch times.
 * Every failure is a {@link BadRecordException} that names the field and the value.
 */
final class Values {
  private static final int MAX_VALUE_BYTES = 2048;

  private Values() {}

  /** A short description of a value's kind for error messages, with its article: "a struct". */
  static String describe(Object value) {
    if (value instanceof Struct) {
      return "a struct";
    } else if (value instanceof Map<?, ?>) {
      return "a map";
    } else if (value instanceof List<?>) {
      return "an array";
    } else if (value instanceof byte[] || value instanceof java.nio.ByteBuffer) {
      return "a byte array";
    }
    String kind = value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
  }

  /**
   * Whether a value is a scalar (not a struct, map, array or bytes). The usual scalars are told by
   * their exact class first: a test against an interface (Map, List) that the class does not
   * implement scans the class's supertypes on every call in the JVMs we run on, and this runs for
   * every field of every record (a third of the mapping's time before).
   */
  static boolean isScalar(Object value) {
    Class<?> type = value.getClass();
    if (type == String.class
        || type == Double.class
        || type == Long.class
        || type == Integer.class
        || type == Boolean.class
        || type == Float.class) {
      return true;
    }
    return !(value instanceof Struct
        || value instanceof Map<?, ?>
        || value instanceof List<?>
        || value instanceof byte[]
        || value instanceof java.nio.ByteBuffer);
  }

  /** Why a value that is not a scalar cannot be a dimension or measure. */
  private static String notScalar(String what, String source, Object v) {
    String reason = what + " '" + source + "' is " + describe(v) + ", not a scalar value";
    if (v instanceof List<?>) {
      return reason + "; name one element by its index (" + source + ".0) instead";
    }
    if (v instanceof Struct || v instanceof Map<?, ?>) {
      return reason + "; name one of its fields (" + source + ".name) instead";
    }
    return reason;
  }

  /** The type a value gets when configuration does not declare one, or null if not a scalar. */
  private static MeasureType inferType(Object v, Schema schema) {
    if (v instanceof Boolean) {
      return MeasureType.BOOLEAN;
    } else if (v instanceof Byte
        || v instanceof Short
        || v instanceof Integer
        || v instanceof Long
        || v instanceof BigInteger) {
      return MeasureType.BIGINT;
    } else if (v instanceof Float || v instanceof Double || v instanceof BigDecimal) {
      return MeasureType.DOUBLE;
    } else if (v instanceof String) {
      return MeasureType.VARCHAR;
    } else if (v instanceof Date) {
      return isTimeOfDay(schema) ? MeasureType.BIGINT : MeasureType.TIMESTAMP;
    }
    return null;
  }

  /**
   * The measure for a value, or null when the value is null or an empty string (Timestream has no
   * empty values; the measure is omitted). TIMESTAMP values are rendered as epoch nanoseconds; the
   * mapper re-renders them in the record's time unit.
   */
  static TsMeasure measure(String name, FieldValue field, MeasureType declared, String source) {
    return measure(name, field.value(), field.schema(), declared, source);
  }

  /** {@link #measure(String, FieldValue, MeasureType, String)} of a value and its schema. */
  static TsMeasure measure(
      String name, Object v, Schema schema, MeasureType declared, String source) {
    if (v == null) {
      return null;
    }
    if (!isScalar(v)) {
      throw new BadRecordException(notScalar("measure", source, v));
    }
    MeasureType type = declared != null ? declared : inferType(v, schema);
    if (type == null) {
      throw new BadRecordException(
          "measure '" + source + "' has a value of unsupported type: " + describe(v));
    }
    String text =
        switch (type) {
          case DOUBLE -> toDouble(v, source);
          case BIGINT -> toBigint(v, schema, source);
          case BOOLEAN -> toBoolean(v, source);
          case VARCHAR -> toVarchar(v, schema);
          case TIMESTAMP ->
              Long.toString(
                  epochNanos(v, schema, TimeUnitSetting.AUTO, "measure '" + source + "'"));
        };
    if (text.isEmpty()) {
      return null;
    }
    if (Utf8.longerThan(text, MAX_VALUE_BYTES)) {
      throw new BadRecordException(
          "measure '" + source + "' has a value longer than " + MAX_VALUE_BYTES + " bytes");
    }
    return new TsMeasure(name, type, text);
  }

  private static String toDouble(Object v, String source) {
    double d;
    if (v instanceof Number n) {
      d = n.doubleValue();
    } else if (v instanceof String s) {
      try {
        d = Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        throw new BadRecordException(
            "measure '" + source + "' is '" + abbreviate(s) + "', not a DOUBLE");
      }
    } else {
      throw new BadRecordException("measure '" + source + "' is " + describe(v) + ", not a DOUBLE");
    }
    if (!Double.isFinite(d)) {
      throw new BadRecordException(
          "measure '" + source + "' is " + d + ": Timestream cannot store NaN or Infinity");
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return v.toString();
    }
    if (v instanceof Float f) {
      // The shortest text that reads back as this float (21.3f, not 21.299999237060547).
      return Float.toString(f);
    }
    return v instanceof BigDecimal bd ? bd.toPlainString() : Double.toString(d);
  }

  private static String toBigint(Object v, Schema schema, String source) {
    try {
      if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
        return v.toString();
      } else if (v instanceof BigInteger bi) {
        return Long.toString(bi.longValueExact());
      } else if (v instanceof BigDecimal bd) {
        return Long.toString(bd.longValueExact());
      } else if (v instanceof Float || v instanceof Double) {
        double d = ((Number) v).doubleValue();
        if (d != Math.rint(d) || Math.abs(d) > 9.0e18) {
          throw new BadRecordException(
              "measure '" + source + "' is " + d + ", not a BIGINT (a 64-bit integer)");
        }
        return Long.toString((long) d);
      } else if (v instanceof String s) {
        return Long.toString(Long.parseLong(s.trim()));
      } else if (v instanceof Date date && isTimeOfDay(schema)) {
        return Long.toString(date.getTime());
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new BadRecordException(
          "measure '" + source + "' is '" + abbreviate(v.toString()) + "', not a BIGINT");
    }
    throw new BadRecordException("measure '" + source + "' is " + describe(v) + ", not a BIGINT");
  }

  private static String toBoolean(Object v, String source) {
    if (v instanceof Boolean b) {
      return b.toString();
    }
    if (v instanceof String s) {
      String t = s.trim().toLowerCase(Locale.ROOT);
      if (t.equals("true") || t.equals("false")) {
        return t;
      }
    }
    throw new BadRecordException(
        "measure '" + source + "' is '" + abbreviate(v.toString()) + "', not a BOOLEAN");
  }

  private static String toVarchar(Object v, Schema schema) {
    if (v instanceof Date date) {
      if (isTimeOfDay(schema)) {
        return LocalTime.ofNanoOfDay(Math.floorMod(date.getTime(), 86_400_000L) * 1_000_000L)
            .toString();
      }
      if (isDate(schema)) {
        return LocalDate.ofEpochDay(Math.floorDiv(date.getTime(), 86_400_000L)).toString();
      }
      return date.toInstant().toString();
    }
    return v instanceof BigDecimal bd ? bd.toPlainString() : v.toString();
  }

  /** A dimension value as text, or null when the value is null or empty (then it is omitted). */
  static String dimensionValue(FieldValue field, String source) {
    Object v = field.value();
    if (v == null) {
      return null;
    }
    if (!isScalar(v)) {
      throw new BadRecordException(notScalar("dimension", source, v));
    }
    String text = toVarchar(v, field.schema());
    if (Utf8.longerThan(text, MAX_VALUE_BYTES)) {
      throw new BadRecordException(
          "dimension '" + source + "' has a value longer than " + MAX_VALUE_BYTES + " bytes");
    }
    return text.isEmpty() ? null : text;
  }

  /** Reads an instant as epoch nanoseconds: Connect dates, epoch counts, or ISO-8601 text. */
  static long epochNanos(FieldValue field, TimeUnitSetting unit, String source) {
    return epochNanos(field.value(), field.schema(), unit, source);
  }

  private static long epochNanos(Object v, Schema schema, TimeUnitSetting unit, String source) {
    if (v instanceof Date date) {
      if (isTimeOfDay(schema)) {
        throw new BadRecordException(source + " is a time of day (Connect Time), not an instant");
      }
      try {
        return Math.multiplyExact(date.getTime(), 1_000_000L);
      } catch (ArithmeticException e) {
        throw new BadRecordException(
            source
                + " is "
                + date.toInstant()
                + ": out of range as a time (Timestream times end at 2262-04-11)");
      }
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      long count = ((Number) v).longValue();
      return scale(count, unit.unitFor(count), source);
    }
    if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
      double count = ((Number) v).doubleValue();
      if (!Double.isFinite(count)) {
        throw new BadRecordException(source + " is " + count + ", not a time");
      }
      double nanos = count * unit.unitFor(count).nanos();
      if (Math.abs(nanos) > 9.2e18) {
        throw new BadRecordException(source + " is " + count + ": out of range as a time");
      }
      return Math.round(nanos);
    }
    if (v instanceof String s) {
      return parseTimeText(s.trim(), unit, source);
    }
    throw new BadRecordException(
        source + " is " + describe(v) + ", not a time (epoch number or ISO-8601 text)");
  }

  private static long scale(long count, TsTimeUnit unit, String source) {
    try {
      return Math.multiplyExact(count, unit.nanos());
    } catch (ArithmeticException e) {
      throw new BadRecordException(
          source + " is " + count + " " + unit + ": out of range as a time");
    }
  }

  private static long parseTimeText(String s, TimeUnitSetting unit, String source) {
    if (!s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        long count = Long.parseLong(s);
        return scale(count, unit.unitFor(count), source);
      } catch (NumberFormatException e) {
        throw new BadRecordException(source + " is '" + abbreviate(s) + "': out of range");
      }
    }
    Instant instant;
    try {
      instant = OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        instant = LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        try {
          instant = LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
          throw new BadRecordException(
              source
                  + " is '"
                  + abbreviate(s)
                  + "', neither an epoch number nor an ISO-8601 date-time");
        }
      }
    }
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException e) {
      throw new BadRecordException(source + " is '" + abbreviate(s) + "': out of range");
    }
  }

  private static boolean isTimeOfDay(Schema schema) {
    return schema != null && Time.LOGICAL_NAME.equals(schema.name());
  }

  private static boolean isDate(Schema schema) {
    return schema != null && org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(schema.name());
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
