package dev.tskafka.local.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that raced a delete: it looked its table up, then the table was deleted (or the catalog
 * reset) before its rows were stored. Forced here by writing through the stale reference, the
 * interleaving that let such rows be journaled after the delete, so that the next start failed to
 * replay them or put them into a re-created table of the same name.
 */
class CatalogTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dataDir;

  static StoredRow row(long time) {
    return new StoredRow(
        SeriesKey.of(List.of(new Dimension("host", "web-1"))),
        "cpu",
        time,
        MeasureValueType.DOUBLE,
        "1.5",
        null,
        1,
        false);
  }

  Catalog withTable() throws Exception {
    Catalog catalog = Catalog.persistent(dataDir);
    catalog.createDatabase("db", null, Map.of(), NOW);
    catalog.createTable("db", "t", TableSettings.DEFAULT, Map.of(), NOW);
    return catalog;
  }

  @Test
  void shouldRefuseAWriteToADeletedTableAndNeverJournalItsRows() throws Exception {
    Catalog catalog = withTable();
    Table stale = catalog.table("db", "t");
    catalog.write(stale, List.of(row(1)));
    catalog.deleteTable("db", "t");

    CatalogException refused =
        catchThrowableOfType(
            CatalogException.class, () -> catalog.write(stale, List.of(row(2), row(3))));
    assertThat(refused.kind()).isEqualTo(CatalogException.Kind.NOT_FOUND);
    assertThat(refused).hasMessage("The table t does not exist in database db.");
    catalog.close();

    Catalog restarted = Catalog.persistent(dataDir);
    assertThat(restarted.tables("db")).isEmpty();
    Table recreated = restarted.createTable("db", "t", TableSettings.DEFAULT, Map.of(), NOW);
    assertThat(recreated.rowCount()).as("rows of the deleted table resurrected").isZero();
    restarted.close();
  }

  @Test
  void shouldRefuseAWriteThatRacedAResetAndStartCleanAfterIt() throws Exception {
    Catalog catalog = withTable();
    Table stale = catalog.table("db", "t");
    catalog.clear();

    CatalogException refused =
        catchThrowableOfType(CatalogException.class, () -> catalog.write(stale, List.of(row(1))));
    assertThat(refused.kind()).isEqualTo(CatalogException.Kind.NOT_FOUND);
    catalog.close();

    Catalog restarted = Catalog.persistent(dataDir);
    assertThat(restarted.databases()).isEmpty();
    restarted.close();
  }
}
