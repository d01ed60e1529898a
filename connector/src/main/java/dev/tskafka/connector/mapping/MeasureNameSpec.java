package dev.tskafka.connector.mapping;

/**
 * The measure name: a constant, or {@code ${path}} to read it from a field of each record (as in
 * long-format events that carry {@code "measure_name": "temperature"}).
 */
public record MeasureNameSpec(String constant, FieldRef field) {

  /** Parses a constant name or a {@code ${field reference}}. */
  public static MeasureNameSpec parse(String text) {
    String t = text.trim();
    if (t.startsWith("${") && t.endsWith("}")) {
      return new MeasureNameSpec(null, FieldRef.parse(t.substring(2, t.length() - 1)));
    }
    TimestreamNames.checkMeasureName(t);
    return new MeasureNameSpec(t, null);
  }
}
