package dev.tskafka.local.store;

import java.util.List;

/** Receives every change to the catalog and its data, in order (the journal implements it). */
interface ChangeLog {
  ChangeLog NONE =
      new ChangeLog() {
        @Override
        public void databaseSaved(Database database) {}

        @Override
        public void databaseDeleted(String database) {}

        @Override
        public void tableSaved(Table table) {}

        @Override
        public void tableDeleted(String database, String table) {}

        @Override
        public void rowsStored(Table table, List<StoredRow> rows) {}

        @Override
        public void cleared() {}
      };

  void databaseSaved(Database database);

  void databaseDeleted(String database);

  void tableSaved(Table table);

  void tableDeleted(String database, String table);

  void rowsStored(Table table, List<StoredRow> rows);

  void cleared();
}
