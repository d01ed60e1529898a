package dev.tskafka.local.store;

import dev.tskafka.local.store.CatalogException.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Databases and tables, and the rows in them. Control-plane changes are serialized; row writes lock
 * only their table. With a data directory every change is journaled and replayed on open.
 */
public final class Catalog implements AutoCloseable {
  /** Per-account quota on databases. */
  public static final int MAX_DATABASES = 500;

  /** Per-account quota on tables. */
  public static final int MAX_TABLES = 50_000;

  private final ConcurrentSkipListMap<String, Database> databases = new ConcurrentSkipListMap<>();
  private final ChangeLog changeLog;

  /** Serializes control-plane changes; rows are written under their table's own lock. */
  private final Object lock = new Object();

  private Catalog(ChangeLog changeLog) {
    this.changeLog = changeLog;
  }

  /** A catalog kept in memory only. */
  public static Catalog inMemory() {
    return new Catalog(ChangeLog.NONE);
  }

  /** A catalog replayed from, and journaled to, {@code dataDir}. */
  public static Catalog persistent(Path dataDir) throws IOException {
    Journal journal = new Journal(dataDir.resolve("journal.jsonl"));
    Catalog catalog = new Catalog(journal);
    journal.replayInto(catalog);
    journal.compact(catalog);
    return catalog;
  }

  public Database createDatabase(
      String name, String kmsKeyId, Map<String, String> tags, Instant now) {
    synchronized (lock) {
      if (databases.containsKey(name)) {
        throw new CatalogException(Kind.CONFLICT, "The database " + name + " already exists.");
      }
      if (databases.size() >= MAX_DATABASES) {
        throw new CatalogException(
            Kind.QUOTA_EXCEEDED,
            "The account has reached its quota of " + MAX_DATABASES + " databases.");
      }
      Database database = new Database(name, kmsKeyId, tags, now, now);
      databases.put(name, database);
      changeLog.databaseSaved(database);
      return database;
    }
  }

  public Database database(String name) {
    Database database = databases.get(name);
    if (database == null) {
      throw new CatalogException(Kind.NOT_FOUND, "The database " + name + " does not exist.");
    }
    return database;
  }

  public Database updateDatabase(String name, String kmsKeyId, Instant now) {
    synchronized (lock) {
      Database database = database(name);
      database.update(kmsKeyId, now);
      changeLog.databaseSaved(database);
      return database;
    }
  }

  public void deleteDatabase(String name) {
    synchronized (lock) {
      Database database = database(name);
      if (!database.tables.isEmpty()) {
        throw new CatalogException(
            Kind.VALIDATION,
            "The database "
                + name
                + " cannot be deleted because it contains "
                + database.tables.size()
                + " table(s). Delete the tables first.");
      }
      databases.remove(name);
      changeLog.databaseDeleted(name);
    }
  }

  /** Databases in name order. */
  public List<Database> databases() {
    return List.copyOf(databases.values());
  }

  public Table createTable(
      String databaseName,
      String name,
      TableSettings settings,
      Map<String, String> tags,
      Instant now) {
    synchronized (lock) {
      Database database = database(databaseName);
      if (database.tables.containsKey(name)) {
        throw new CatalogException(
            Kind.CONFLICT,
            "The table " + name + " already exists in database " + databaseName + ".");
      }
      if (tableCount() >= MAX_TABLES) {
        throw new CatalogException(
            Kind.QUOTA_EXCEEDED, "The account has reached its quota of " + MAX_TABLES + " tables.");
      }
      Table table = new Table(databaseName, name, settings, tags, now, now);
      database.tables.put(name, table);
      changeLog.tableSaved(table);
      return table;
    }
  }

  public Table table(String databaseName, String name) {
    Table table = database(databaseName).tables.get(name);
    if (table == null) {
      throw noSuchTable(databaseName, name);
    }
    return table;
  }

  public Table updateTable(String databaseName, String name, TableSettings settings, Instant now) {
    synchronized (lock) {
      Table table = table(databaseName, name);
      table.update(settings, now);
      changeLog.tableSaved(table);
      return table;
    }
  }

  public void deleteTable(String databaseName, String name) {
    synchronized (lock) {
      Table table = table(databaseName, name);
      // Under the table's lock, as every write is: a write either is journaled before the delete,
      // or finds the table dropped and fails; none is journaled after it.
      synchronized (table) {
        table.drop();
        databases.get(databaseName).tables.remove(name);
        changeLog.tableDeleted(databaseName, name);
      }
    }
  }

  private static CatalogException noSuchTable(String databaseName, String name) {
    return new CatalogException(
        Kind.NOT_FOUND, "The table " + name + " does not exist in database " + databaseName + ".");
  }

  /** Tables of one database, or of all when {@code databaseName} is null, in name order. */
  public List<Table> tables(String databaseName) {
    if (databaseName != null) {
      return List.copyOf(database(databaseName).tables.values());
    }
    List<Table> all = new ArrayList<>();
    for (Database database : databases.values()) {
      all.addAll(database.tables.values());
    }
    return all;
  }

  private int tableCount() {
    return databases.values().stream().mapToInt(Database::tableCount).sum();
  }

  /** Writes rows into a table and journals those that changed it. */
  public List<WriteOutcome> write(Table table, List<StoredRow> rows) {
    List<StoredRow> stored = new ArrayList<>(rows.size());
    List<WriteOutcome> outcomes;
    synchronized (table) {
      if (table.dropped()) {
        throw noSuchTable(table.databaseName(), table.name());
      }
      outcomes = table.write(rows, stored);
      if (!stored.isEmpty()) {
        changeLog.rowsStored(table, stored);
      }
    }
    return outcomes;
  }

  /** Removes every database, table and row. */
  public void clear() {
    synchronized (lock) {
      for (Database database : databases.values()) {
        for (Table table : database.tables.values()) {
          synchronized (table) {
            table.drop(); // writes still in progress are journaled before the reset
          }
        }
      }
      databases.clear();
      changeLog.cleared();
    }
  }

  // Journal replay: state goes back exactly as it was saved, with no checks.

  void restoreDatabase(Database database) {
    Database existing = databases.get(database.name());
    if (existing != null) {
      database.tables.putAll(existing.tables);
    }
    databases.put(database.name(), database);
  }

  void restoreTable(Table table) {
    Database database = databases.get(table.databaseName());
    Table existing = database.tables.get(table.name());
    if (existing != null) {
      existing.update(table.settings(), table.lastUpdatedTime());
    } else {
      database.tables.put(table.name(), table);
    }
  }

  void forgetDatabase(String name) {
    databases.remove(name);
  }

  void forgetTable(String databaseName, String name) {
    databases.get(databaseName).tables.remove(name);
  }

  void forgetAll() {
    databases.clear();
  }

  @Override
  public void close() {
    if (changeLog instanceof Journal journal) {
      journal.close();
    }
  }
}
