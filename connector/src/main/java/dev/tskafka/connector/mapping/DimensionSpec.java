package dev.tskafka.connector.mapping;

/** A configured dimension: where its value comes from and its name in Timestream. */
public record DimensionSpec(FieldRef field, String name) {

  /** Parses {@code path} or {@code path:name}. */
  public static DimensionSpec parse(String text) {
    String t = text.trim();
    int colon = t.lastIndexOf(':');
    FieldRef field = FieldRef.parse(colon < 0 ? t : t.substring(0, colon));
    String name = colon < 0 ? field.defaultName() : t.substring(colon + 1).trim();
    TimestreamNames.checkDimensionName(name);
    return new DimensionSpec(field, name);
  }
}
