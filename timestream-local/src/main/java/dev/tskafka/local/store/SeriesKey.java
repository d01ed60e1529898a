package dev.tskafka.local.store;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dimension set that names a time series, sorted by name so equal sets compare equal. Its hash
 * is computed once: every upsert looks a row up by it.
 */
public final class SeriesKey {
  private final List<Dimension> dimensions;
  private final int hash;

  private SeriesKey(List<Dimension> sortedDimensions) {
    this.dimensions = sortedDimensions;
    this.hash = sortedDimensions.hashCode();
  }

  /** A key from dimensions in any order. */
  public static SeriesKey of(List<Dimension> dimensions) {
    return of(dimensions.toArray(new Dimension[0]));
  }

  /** A key from dimensions in any order (sorts the array in place). */
  public static SeriesKey of(Dimension... dimensions) {
    Arrays.sort(dimensions);
    return new SeriesKey(List.of(dimensions));
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
    for (Dimension d : dimensions) {
      if (d.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeriesKey other
        && hash == other.hash
        && dimensions.equals(other.dimensions);
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
