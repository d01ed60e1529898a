package dev.tskafka.local.store;

/**
 * A filter over a table's rows.
 *
 * @param measureName only rows of this measure name, or null for all
 * @param fromNanos only rows at or after this epoch time in nanoseconds, or null
 * @param toNanos only rows before this epoch time in nanoseconds, or null
 * @param limit at most this many rows (the count still counts all matches)
 */
public record RowQuery(String measureName, Long fromNanos, Long toNanos, int limit) {
  public static final RowQuery ALL = new RowQuery(null, null, null, Integer.MAX_VALUE);

  public static RowQuery measure(String measureName) {
    return new RowQuery(measureName, null, null, Integer.MAX_VALUE);
  }
}
