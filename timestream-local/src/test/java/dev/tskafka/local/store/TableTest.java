package dev.tskafka.local.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableTest {
  private final Table table =
      new Table("db", "t", TableSettings.DEFAULT, Map.of(), Instant.EPOCH, Instant.EPOCH);

  @Test
  void rowsComeBackInTimeOrderWhateverTheOrderTheyWereWrittenIn() {
    long[] times = {50, 10, 90, 30, 70, 20, 100, 5, 60, 40};
    for (long t : times) {
      write(row("host-a", "cpu", t, "1.5", 1));
      write(row("host-b", "cpu", t, "2.5", 1));
    }

    RowPage page = table.rows(RowQuery.ALL);

    assertThat(table.rowCount()).isEqualTo(20);
    assertThat(page.rows()).extracting(StoredRow::timeNanos).isSorted();
    assertThat(page.rows().get(0).series().asMap()).containsEntry("host", "host-a");
    assertThat(table.rows(new RowQuery("cpu", 20L, 60L, Integer.MAX_VALUE)).rows())
        .extracting(StoredRow::timeNanos)
        .containsExactly(20L, 20L, 30L, 30L, 40L, 40L, 50L, 50L);
  }

  @Test
  void anUpsertReplacesTheRowAtItsTimeAndKeepsTheCount() {
    for (long t = 1; t <= 5; t++) {
      write(row("host-a", "cpu", t, "1.0", 1));
    }

    List<WriteOutcome> higher = write(row("host-a", "cpu", 3, "9.0", 2));
    List<WriteOutcome> lower = write(row("host-a", "cpu", 3, "7.0", 1));
    List<WriteOutcome> sameValue = write(row("host-a", "cpu", 4, "1", 1));

    assertThat(higher.get(0).accepted()).isTrue();
    assertThat(lower.get(0).accepted()).isFalse();
    assertThat(lower.get(0).existingVersion()).isEqualTo(2L);
    assertThat(sameValue.get(0).accepted()).isTrue();
    assertThat(table.rowCount()).isEqualTo(5);
    assertThat(table.rows(new RowQuery(null, 3L, 4L, Integer.MAX_VALUE)).rows())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.value()).isEqualTo("9.0");
              assertThat(r.version()).isEqualTo(2);
            });
  }

  @Test
  void restoreReplaysRowsAndLaterVersionsOfAPointReplaceEarlierOnes() {
    table.restore(row("host-a", "cpu", 2, "1.0", 1));
    table.restore(row("host-a", "cpu", 1, "1.0", 1));
    table.restore(row("host-a", "cpu", 2, "3.0", 2));

    assertThat(table.rowCount()).isEqualTo(2);
    assertThat(table.rows(RowQuery.ALL).rows())
        .extracting(StoredRow::timeNanos, StoredRow::value)
        .containsExactly(tuple(1L, "1.0"), tuple(2L, "3.0"));
  }

  private List<WriteOutcome> write(StoredRow row) {
    return table.write(List.of(row), new ArrayList<>());
  }

  private static StoredRow row(String host, String measure, long time, String value, long ver) {
    return new StoredRow(
        SeriesKey.of(List.of(new Dimension("host", host))),
        measure,
        time,
        MeasureValueType.DOUBLE,
        value,
        null,
        ver,
        false);
  }
}
