package dev.tskafka.local.store;

import java.math.BigDecimal;

/** Parsing and comparison of measure values, which travel as text on the wire. */
public final class TypedValues {
  private TypedValues() {}

  /**
   * Why {@code text} is not a valid value of {@code type}, or null when it is. The reasons are
   * those the record is rejected with.
   */
  public static String invalidReason(MeasureValueType type, String text) {
    switch (type) {
      case DOUBLE -> {
        String bare = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        if (bare.equalsIgnoreCase("NaN") || bare.equalsIgnoreCase("Infinity")) {
          return "Value '" + text + "' is not a valid DOUBLE: NaN and Infinity cannot be stored.";
        }
        try {
          if (Double.isInfinite(new BigDecimal(text).doubleValue())) {
            return "Value '" + text + "' is out of range for DOUBLE.";
          }
          return null;
        } catch (NumberFormatException e) {
          return "Value '" + text + "' is not a valid DOUBLE.";
        }
      }
      case BIGINT, TIMESTAMP -> {
        try {
          Long.parseLong(text);
          return null;
        } catch (NumberFormatException e) {
          return "Value '" + text + "' is not a valid " + type + ".";
        }
      }
      case BOOLEAN -> {
        return "true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)
            ? null
            : "Value '" + text + "' is not a valid BOOLEAN.";
      }
      default -> {
        return null;
      }
    }
  }

  /** Whether two valid texts of {@code type} denote the same value ("1.0" equals "1"). */
  public static boolean equal(MeasureValueType type, String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    return switch (type) {
      case DOUBLE -> new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
      case BIGINT, TIMESTAMP -> Long.parseLong(a) == Long.parseLong(b);
      case BOOLEAN -> a.equalsIgnoreCase(b);
      default -> false;
    };
  }

  /** The value as a JSON-friendly Java object: Double, Long, Boolean or String. */
  public static Object toJavaValue(MeasureValueType type, String text) {
    return switch (type) {
      case DOUBLE -> Double.parseDouble(text);
      case BIGINT, TIMESTAMP -> Long.parseLong(text);
      case BOOLEAN -> Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT));
      default -> text;
    };
  }
}
