package dev.tskafka.local.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The dimension set that names a time series, sorted by name so equal sets compare equal. */
public record SeriesKey(List<Dimension> dimensions) {
  public SeriesKey {
    dimensions = List.copyOf(dimensions);
  }

  /** A key from dimensions in any order. */
  public static SeriesKey of(List<Dimension> dimensions) {
    List<Dimension> sorted = new ArrayList<>(dimensions);
    Collections.sort(sorted);
    return new SeriesKey(sorted);
  }

  /** The dimensions as an ordered name to value map. */
  public Map<String, String> asMap() {
    var map = new java.util.LinkedHashMap<String, String>();
    for (Dimension d : dimensions) {
      map.put(d.name(), d.value());
    }
    return map;
  }
}
