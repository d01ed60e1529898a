package dev.tskafka.connector.mapping;

import java.util.Locale;

/**
 * The Timestream types a measure value can have. TIMESTAMP is allowed only inside MULTI records.
 */
public enum MeasureType {
  DOUBLE,
  BIGINT,
  VARCHAR,
  BOOLEAN,
  TIMESTAMP;

  /** Parses a type name case-insensitively, or returns null when it is not one. */
  public static MeasureType parse(String text) {
    for (MeasureType type : values()) {
      if (type.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
        return type;
      }
    }
    return null;
  }
}
