package dev.tskafka.local.store;

import java.util.List;

/** The rows a {@link RowQuery} matched, in time order, and how many matched in all. */
public record RowPage(long count, List<StoredRow> rows) {
  public RowPage {
    rows = List.copyOf(rows);
  }
}
