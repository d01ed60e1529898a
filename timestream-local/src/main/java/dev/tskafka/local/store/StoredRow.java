package dev.tskafka.local.store;

import java.util.List;

/**
 * A record as Timestream keeps it: its identity (series, measure name, time) and its value(s) and
 * version. Single-measure rows carry {@code value}; MULTI rows carry {@code values}.
 *
 * @param magnetic whether the write landed in the magnetic store (older than the memory window)
 */
public record StoredRow(
    SeriesKey series,
    String measureName,
    long timeNanos,
    MeasureValueType type,
    String value,
    List<MeasureValue> values,
    long version,
    boolean magnetic) {

  /** The identity that an upsert matches on. */
  public RowKey key() {
    return new RowKey(series, measureName, timeNanos);
  }

  /** Whether this row holds the same value(s) as {@code other}, ignoring version. */
  public boolean sameValueAs(StoredRow other) {
    if (type != other.type) {
      return false;
    }
    if (type == MeasureValueType.MULTI) {
      return values.size() == other.values.size()
          && values.stream()
              .allMatch(
                  v ->
                      other.values.stream()
                          .anyMatch(
                              o ->
                                  o.name().equals(v.name())
                                      && o.type() == v.type()
                                      && TypedValues.equal(v.type(), v.value(), o.value())));
    }
    return TypedValues.equal(type, value, other.value);
  }

  /** The same row, marked as written to the magnetic store. */
  public StoredRow asMagnetic() {
    return new StoredRow(series, measureName, timeNanos, type, value, values, version, true);
  }

  /** The same row naming its series by an equal key. */
  public StoredRow withSeries(SeriesKey equalSeries) {
    return new StoredRow(
        equalSeries, measureName, timeNanos, type, value, values, version, magnetic);
  }

  /** Identity of a row: (dimension set, measure name, time). */
  public record RowKey(SeriesKey series, String measureName, long timeNanos) {
    /**
     * Mixed, not the record default: series, names and times that step by small amounts made the
     * default 31-multiplier hashes collide in tables of millions of rows.
     */
    @Override
    public int hashCode() {
      long h = series.hashCode() * 0x9E3779B97F4A7C15L;
      h = (h ^ measureName.hashCode()) * 0xC2B2AE3D27D4EB4FL;
      h = (h ^ timeNanos) * 0x165667B19E3779F9L;
      return (int) (h ^ (h >>> 32));
    }
  }
}
