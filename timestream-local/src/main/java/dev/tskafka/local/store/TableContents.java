package dev.tskafka.local.store;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a table holds at one moment (see {@link Table#contents()}).
 *
 * @param modifications the table's modification count when this was taken
 * @param dimensionNames every dimension name written
 * @param measureNameTypes each measure name's type (MULTI for multi-measure records)
 * @param multiColumnTypes each multi-measure value name's type
 * @param rows every row, in no particular order
 */
public record TableContents(
    long modifications,
    Set<String> dimensionNames,
    Map<String, MeasureValueType> measureNameTypes,
    Map<String, MeasureValueType> multiColumnTypes,
    List<StoredRow> rows) {
  public TableContents {
    dimensionNames = Set.copyOf(dimensionNames);
    measureNameTypes = Map.copyOf(measureNameTypes);
    multiColumnTypes = Map.copyOf(multiColumnTypes);
    rows = List.copyOf(rows);
  }
}
