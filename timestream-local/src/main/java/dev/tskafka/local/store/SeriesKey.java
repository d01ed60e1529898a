package dev.tskafka.local.store;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dimension set that names a time series, sorted by name so equal sets compare equal. Every
 * upsert looks its series up by this key, so the hash is computed once and hash and equality work
 * on the sorted array with plain loops (the list's and the records' generic versions were a large
 * part of the write profile).
 */
public final class SeriesKey {
  private final Dimension[] sorted;
  private final List<Dimension> dimensions;
  private final int hash;

  private SeriesKey(Dimension[] sorted) {
    this.sorted = sorted;
    this.dimensions = List.of(sorted);
    int h = 1;
    for (Dimension d : sorted) {
      h = 31 * (31 * h + d.name().hashCode()) + d.value().hashCode();
    }
    this.hash = h;
  }

  /** A key from dimensions in any order. */
  public static SeriesKey of(List<Dimension> dimensions) {
    return of(dimensions.toArray(new Dimension[0]));
  }

  /** A key from dimensions in any order (sorts the array in place). */
  public static SeriesKey of(Dimension... dimensions) {
    Arrays.sort(dimensions);
    return new SeriesKey(dimensions);
  }

  /** The dimensions, sorted by name. */
  public List<Dimension> dimensions() {
    return dimensions;
  }

  /** The dimensions as a name to value map, in name order. */
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (Dimension d : dimensions) {
      map.put(d.name(), d.value());
    }
    return map;
  }

  /** Whether the series has a dimension of this name. */
  public boolean hasDimension(String name) {
    for (Dimension d : sorted) {
      if (d.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SeriesKey other)
        || hash != other.hash
        || sorted.length != other.sorted.length) {
      return false;
    }
    for (int i = 0; i < sorted.length; i++) {
      if (!sorted[i].name().equals(other.sorted[i].name())
          || !sorted[i].value().equals(other.sorted[i].value())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return dimensions.toString();
  }
}
