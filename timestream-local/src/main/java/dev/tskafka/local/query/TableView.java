package dev.tskafka.local.query;

import dev.tskafka.local.store.Dimension;
import dev.tskafka.local.store.MeasureValue;
import dev.tskafka.local.store.MeasureValueType;
import dev.tskafka.local.store.StoredRow;
import dev.tskafka.local.store.TableContents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A table as queries see it: its columns (each dimension, {@code measure_name}, {@code time}, a
 * {@code measure_value::<type>} column per single-measure type written, and each multi-measure
 * value name) and its rows as Calcite reads them. Columns appear once written, as in Timestream.
 * Built once per version of the table's contents and then shared by queries.
 */
final class TableView {
  static final String MEASURE_NAME = "measure_name";
  static final String TIME = "time";
  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final MeasureValueType[] SINGLE_TYPES = {
    MeasureValueType.DOUBLE,
    MeasureValueType.BIGINT,
    MeasureValueType.VARCHAR,
    MeasureValueType.BOOLEAN,
    MeasureValueType.TIMESTAMP
  };

  /** One column: its name and the type of its values. */
  record Column(String name, MeasureValueType type) {}

  private final long modifications;
  private final List<Column> columns;
  private final List<Object[]> rows;
  private final long meteredBytes;

  private TableView(long modifications, List<Column> columns, List<Object[]> rows, long bytes) {
    this.modifications = modifications;
    this.columns = columns;
    this.rows = rows;
    this.meteredBytes = bytes;
  }

  static TableView of(TableContents contents) {
    List<Column> columns = new ArrayList<>();
    for (String d : new TreeSet<>(contents.dimensionNames())) {
      columns.add(new Column(d, MeasureValueType.VARCHAR));
    }
    columns.add(new Column(MEASURE_NAME, MeasureValueType.VARCHAR));
    columns.add(new Column(TIME, MeasureValueType.TIMESTAMP));
    for (MeasureValueType type : SINGLE_TYPES) {
      if (contents.measureNameTypes().containsValue(type)) {
        columns.add(new Column(singleValueColumn(type), type));
      }
    }
    for (Map.Entry<String, MeasureValueType> m :
        new TreeMap<>(contents.multiColumnTypes()).entrySet()) {
      columns.add(new Column(m.getKey(), m.getValue()));
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      index.put(columns.get(i).name(), i);
    }
    List<Object[]> rows = new ArrayList<>(contents.rows().size());
    long bytes = 0;
    for (StoredRow row : contents.rows()) {
      Object[] values = new Object[columns.size()];
      for (Dimension d : row.series().dimensions()) {
        values[index.get(d.name())] = d.value();
        bytes += d.name().length() + d.value().length();
      }
      values[index.get(MEASURE_NAME)] = row.measureName();
      values[index.get(TIME)] = Math.floorDiv(row.timeNanos(), NANOS_PER_MILLI);
      bytes += row.measureName().length() + 8;
      if (row.type() == MeasureValueType.MULTI) {
        for (MeasureValue v : row.values()) {
          values[index.get(v.name())] = value(v.type(), v.value());
          bytes += v.type().meteredBytes(v.value());
        }
      } else {
        values[index.get(singleValueColumn(row.type()))] = value(row.type(), row.value());
        bytes += row.type().meteredBytes(row.value());
      }
      rows.add(values);
    }
    return new TableView(contents.modifications(), List.copyOf(columns), rows, bytes);
  }

  /** The column of single-measure values of {@code type}: {@code measure_value::double}, etc. */
  static String singleValueColumn(MeasureValueType type) {
    return "measure_value::" + type.name().toLowerCase(Locale.ROOT);
  }

  /** A stored value as Calcite's generated code reads it. */
  private static Object value(MeasureValueType type, String text) {
    return switch (type) {
      case DOUBLE -> Double.parseDouble(text);
      case BIGINT -> Long.parseLong(text);
      case BOOLEAN -> Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
      case TIMESTAMP -> Math.floorDiv(Long.parseLong(text), NANOS_PER_MILLI);
      default -> text;
    };
  }

  long modifications() {
    return modifications;
  }

  List<Object[]> rows() {
    return rows;
  }

  /** The bytes a full scan of this table reads, counted as the service meters a record. */
  long meteredBytes() {
    return meteredBytes;
  }

  RelDataType rowType(RelDataTypeFactory factory) {
    RelDataTypeFactory.Builder builder = factory.builder();
    for (Column c : columns) {
      RelDataType type =
          switch (c.type()) {
            case DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
            case BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
            case BOOLEAN -> factory.createSqlType(SqlTypeName.BOOLEAN);
            case TIMESTAMP -> factory.createSqlType(SqlTypeName.TIMESTAMP, 3);
            default -> factory.createSqlType(SqlTypeName.VARCHAR, Integer.MAX_VALUE);
          };
      builder.add(c.name(), factory.createTypeWithNullability(type, true));
    }
    return builder.build();
  }
}
