package dev.tskafka.local.query;

import dev.tskafka.local.store.Catalog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * One database as one query sees it: its tables, each read from the {@link ViewCache} the first
 * time the query touches it and then the same for the rest of the query.
 */
final class DatabaseSchema extends AbstractSchema {
  private final Catalog catalog;
  private final String database;
  private final ViewCache views;
  private final AtomicLong bytesScanned;

  DatabaseSchema(Catalog catalog, String database, ViewCache views, AtomicLong bytesScanned) {
    this.catalog = catalog;
    this.database = database;
    this.views = views;
    this.bytesScanned = bytesScanned;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    Map<String, Table> tables = new LinkedHashMap<>();
    for (dev.tskafka.local.store.Table t : catalog.tables(database)) {
      tables.put(t.name(), new QueriedTable(t));
    }
    return tables;
  }

  @Override
  public boolean isMutable() {
    return false;
  }

  /** A stored table read by this query. */
  private final class QueriedTable extends AbstractTable implements ScannableTable {
    private final dev.tskafka.local.store.Table table;
    private TableView view;

    QueriedTable(dev.tskafka.local.store.Table table) {
      this.table = table;
    }

    private synchronized TableView view() {
      if (view == null) {
        view = views.view(table);
      }
      return view;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory factory) {
      return view().rowType(factory);
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      TableView v = view();
      bytesScanned.addAndGet(v.meteredBytes());
      return Linq4j.asEnumerable(v.rows());
    }
  }
}
