package dev.tskafka.local.query;

import java.util.List;

/** The type of a result column, as the Query API's ColumnInfo describes it. */
public sealed interface ResultType {
  /** A scalar: BIGINT, DOUBLE, VARCHAR, BOOLEAN, TIMESTAMP, DATE, TIME, INTEGER, INTERVAL_*. */
  record Scalar(String name) implements ResultType {}

  /** An ARRAY of {@code element}. */
  record Array(ResultType element) implements ResultType {}

  /** A TIMESERIES: (time, value) points whose values are {@code value}. */
  record TimeSeries(ResultType value) implements ResultType {}

  /** A ROW of named fields. */
  record Row(List<ResultColumn> fields) implements ResultType {
    public Row {
      fields = List.copyOf(fields);
    }
  }

  /** A named column (or ROW field) and its type. */
  record ResultColumn(String name, ResultType type) {}
}
