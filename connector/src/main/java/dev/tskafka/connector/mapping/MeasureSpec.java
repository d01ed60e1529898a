package dev.tskafka.connector.mapping;

/**
 * A configured measure: where its value comes from, its name, and its type (null: inferred from the
 * value).
 */
public record MeasureSpec(FieldRef field, String name, MeasureType type) {

  /** Parses {@code path}, {@code path:TYPE}, {@code path:name} or {@code path:name:TYPE}. */
  public static MeasureSpec parse(String text) {
    String[] parts = text.trim().split(":", -1);
    if (parts.length > 3) {
      throw new IllegalArgumentException(
          "'" + text.trim() + "' has too many ':' (use path, path:TYPE or path:name:TYPE)");
    }
    FieldRef field = FieldRef.parse(parts[0]);
    String name = field.defaultName();
    MeasureType type = null;
    if (parts.length == 2) {
      type = MeasureType.parse(parts[1]);
      if (type == null) {
        name = parts[1].trim();
      }
    } else if (parts.length == 3) {
      name = parts[1].trim();
      type = MeasureType.parse(parts[2]);
      if (type == null) {
        throw new IllegalArgumentException(
            "'"
                + parts[2].trim()
                + "' is not a measure type (DOUBLE, BIGINT, VARCHAR, BOOLEAN,"
                + " TIMESTAMP)");
      }
    }
    TimestreamNames.checkMeasureName(name);
    return new MeasureSpec(field, name, type);
  }
}
