package dev.tskafka.connector.mapping;

import java.util.List;

/**
 * A Timestream record as the mapper produces it, free of any AWS SDK type.
 *
 * <p>A single-measure record has exactly one measure and {@code multi == false}: its measure name
 * is the record's measure name. A MULTI record has one or more measures under {@code measureName}.
 *
 * @param time the epoch count in {@code timeUnit}; TIMESTAMP measures use the same unit
 * @param version null when the write carries no version
 */
public record TsRecord(
    List<TsDimension> dimensions,
    String measureName,
    boolean multi,
    List<TsMeasure> measures,
    long time,
    TsTimeUnit timeUnit,
    Long version) {

  /**
   * Whether the record is at most {@code maxBytes} by {@link #sizeBytes()}: an upper bound from the
   * char counts (at most 3 bytes a char) settles most records without counting bytes.
   */
  public boolean fitsIn(int maxBytes) {
    long chars = measureName.length();
    for (TsDimension d : dimensions) {
      chars += d.name().length() + d.value().length();
    }
    for (TsMeasure m : measures) {
      chars += (multi ? m.name().length() : 0) + m.value().length();
    }
    return 8 + 8L * measures.size() + 3 * chars <= maxBytes || sizeBytes() <= maxBytes;
  }

  /** The billable size Timestream computes for the record, in bytes (names, values, 8 for time). */
  public int sizeBytes() {
    int size = 8 + Utf8.length(measureName);
    for (TsDimension d : dimensions) {
      size += Utf8.length(d.name()) + Utf8.length(d.value());
    }
    for (TsMeasure m : measures) {
      if (multi) {
        size += Utf8.length(m.name());
      }
      size +=
          switch (m.type()) {
            case DOUBLE, BIGINT, TIMESTAMP -> 8;
            case BOOLEAN -> 1;
            case VARCHAR -> Utf8.length(m.value());
          };
    }
    return size;
  }
}
