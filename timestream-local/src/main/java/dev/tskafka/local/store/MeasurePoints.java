package dev.tskafka.local.store;

import java.util.Arrays;
import java.util.List;

/**
 * The stored rows of one measure name in one series, in time order. Rows are kept as parallel
 * columns rather than as objects: a stored row holds no object of its own beyond its value text (or
 * a MULTI row's value list), which keeps the garbage collector's copying of millions of live rows
 * small. Rows mostly arrive in time order, so a new row is usually appended; an earlier one is
 * inserted in place, moving the later ones.
 */
final class MeasurePoints {
  private static final int INITIAL_CAPACITY = 8;

  private final SeriesKey series;
  private final String measureName;
  private int size;
  private long[] times = new long[INITIAL_CAPACITY];
  private MeasureValueType[] types = new MeasureValueType[INITIAL_CAPACITY];
  private String[] values = new String[INITIAL_CAPACITY];
  private List<?>[] multiValues = new List<?>[INITIAL_CAPACITY];
  private long[] versions = new long[INITIAL_CAPACITY];
  private boolean[] magnetic = new boolean[INITIAL_CAPACITY];

  MeasurePoints(SeriesKey series, String measureName) {
    this.series = series;
    this.measureName = measureName;
  }

  /**
   * The index of the row at {@code timeNanos}, or {@code -(insertion index) - 1} when there is none
   * (as {@link Arrays#binarySearch(long[], long)}).
   */
  int indexOf(long timeNanos) {
    if (size == 0 || timeNanos > times[size - 1]) {
      return -size - 1;
    }
    return Arrays.binarySearch(times, 0, size, timeNanos);
  }

  long version(int index) {
    return versions[index];
  }

  @SuppressWarnings("unchecked")
  StoredRow row(int index) {
    return new StoredRow(
        series,
        measureName,
        times[index],
        types[index],
        values[index],
        (List<MeasureValue>) multiValues[index],
        versions[index],
        magnetic[index]);
  }

  /** Puts {@code row} at {@code index}, in place of the row there at the same time. */
  void replace(int index, StoredRow row) {
    times[index] = row.timeNanos();
    types[index] = row.type();
    values[index] = row.value();
    multiValues[index] = row.values();
    versions[index] = row.version();
    magnetic[index] = row.magnetic();
  }

  /** Inserts {@code row} before the row now at {@code index} (at the end when it is the size). */
  void insert(int index, StoredRow row) {
    if (size == times.length) {
      int capacity = size * 2;
      times = Arrays.copyOf(times, capacity);
      types = Arrays.copyOf(types, capacity);
      values = Arrays.copyOf(values, capacity);
      multiValues = Arrays.copyOf(multiValues, capacity);
      versions = Arrays.copyOf(versions, capacity);
      magnetic = Arrays.copyOf(magnetic, capacity);
    }
    if (index < size) {
      int moved = size - index;
      System.arraycopy(times, index, times, index + 1, moved);
      System.arraycopy(types, index, types, index + 1, moved);
      System.arraycopy(values, index, values, index + 1, moved);
      System.arraycopy(multiValues, index, multiValues, index + 1, moved);
      System.arraycopy(versions, index, versions, index + 1, moved);
      System.arraycopy(magnetic, index, magnetic, index + 1, moved);
    }
    size++;
    replace(index, row);
  }

  /**
   * Adds the rows at or after {@code fromNanos} and before {@code toNanos} (either null for no
   * bound) to {@code out}, in time order.
   */
  void addRows(Long fromNanos, Long toNanos, List<StoredRow> out) {
    int from = fromNanos == null ? 0 : firstIndexAtOrAfter(fromNanos);
    int to = toNanos == null ? size : firstIndexAtOrAfter(toNanos);
    for (int i = from; i < to; i++) {
      out.add(row(i));
    }
  }

  private int firstIndexAtOrAfter(long timeNanos) {
    int index = Arrays.binarySearch(times, 0, size, timeNanos);
    return index >= 0 ? index : -index - 1;
  }
}
