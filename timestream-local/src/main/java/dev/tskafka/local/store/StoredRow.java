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
}
