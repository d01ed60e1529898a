package dev.tskafka.local.query;

import dev.tskafka.local.query.ResultType.ResultColumn;
import java.util.List;

/**
 * What a query returned. Values are Java objects by column type: a TIMESTAMP is a {@code Long} of
 * epoch milliseconds, a DATE a {@link java.time.LocalDate}, a TIME a {@link java.time.LocalTime},
 * an INTERVAL a {@code Long} (milliseconds, or months for YEAR TO MONTH), an ARRAY or ROW a {@link
 * List}, a TIMESERIES a list of {@code Object[]{Long time, value}}; null is SQL NULL.
 *
 * @param bytesScanned the metered size of every table row the query read
 */
public record QueryResult(List<ResultColumn> columns, List<Object[]> rows, long bytesScanned) {
  public QueryResult {
    columns = List.copyOf(columns);
    rows = java.util.Collections.unmodifiableList(rows);
  }
}
