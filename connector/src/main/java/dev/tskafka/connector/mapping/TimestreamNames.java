package dev.tskafka.connector.mapping;

/**
 * Timestream's rules for dimension and measure names: lengths in UTF-8 bytes and reserved names.
 * Each check throws IllegalArgumentException with the reason.
 */
public final class TimestreamNames {
  static final int MAX_DIMENSION_NAME_BYTES = 60;
  static final int MAX_MEASURE_NAME_BYTES = 256;

  private TimestreamNames() {}

  public static void checkDimensionName(String name) {
    checkCommon(name, "dimension");
    if (Utf8.longerThan(name, MAX_DIMENSION_NAME_BYTES)) {
      throw new IllegalArgumentException(
          "dimension name '" + name + "' is longer than " + MAX_DIMENSION_NAME_BYTES + " bytes");
    }
    if (name.contains(":") || name.startsWith("measure_value")) {
      throw new IllegalArgumentException(
          "dimension name '" + name + "' may not contain ':' or start with 'measure_value'");
    }
  }

  public static void checkMeasureName(String name) {
    checkCommon(name, "measure");
    if (Utf8.longerThan(name, MAX_MEASURE_NAME_BYTES)) {
      throw new IllegalArgumentException(
          "measure name '" + name + "' is longer than " + MAX_MEASURE_NAME_BYTES + " bytes");
    }
  }

  private static void checkCommon(String name, String kind) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException(kind + " name cannot be empty");
    }
    if (name.equals("time")
        || name.equals("measure_value")
        || name.equals("ts_non_existent_col")
        || name.startsWith("ts_")
        || name.startsWith("measure_name")) {
      throw new IllegalArgumentException(
          kind
              + " name '"
              + name
              + "' is reserved by Timestream (time, measure_value, ts_*, measure_name*)");
    }
  }
}
