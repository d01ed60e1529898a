package dev.tskafka.local.store;

/** The measure value types of the Timestream Write API. */
public enum MeasureValueType {
  DOUBLE,
  BIGINT,
  VARCHAR,
  BOOLEAN,
  TIMESTAMP,
  MULTI;

  /** The enum constant for a wire name, or null when the name is not one. */
  public static MeasureValueType fromWire(String name) {
    for (MeasureValueType type : values()) {
      if (type.name().equals(name)) {
        return type;
      }
    }
    return null;
  }

  /** Bytes this type counts for in a record's metered size, given its wire text. */
  public int meteredBytes(String value) {
    return switch (this) {
      case DOUBLE, BIGINT, TIMESTAMP -> 8;
      case BOOLEAN -> 1;
      case VARCHAR, MULTI -> Utf8.length(value);
    };
  }
}
