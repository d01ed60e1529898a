package dev.tskafka.local.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tskafka.local.query.ResultType.ResultColumn;
import dev.tskafka.local.store.Catalog;
import dev.tskafka.local.store.Dimension;
import dev.tskafka.local.store.MeasureValue;
import dev.tskafka.local.store.MeasureValueType;
import dev.tskafka.local.store.SeriesKey;
import dev.tskafka.local.store.StoredRow;
import dev.tskafka.local.store.Table;
import dev.tskafka.local.store.TableSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine over a small in-memory catalog, with the clock fixed so that ago() is known. */
class QueryEngineTest {
  static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  static final long NOW_MS = NOW.toEpochMilli();
  static final long MINUTE = 60_000L;

  Catalog catalog;
  QueryEngine engine;

  @BeforeEach
  void setUp() {
    catalog = Catalog.inMemory();
    catalog.createDatabase("db", null, Map.of(), NOW);
    Table cpu = catalog.createTable("db", "cpu", TableSettings.DEFAULT, Map.of(), NOW);
    List<StoredRow> rows = new ArrayList<>();
    // host a: 10, 20, ..., 100 one minute apart ending 1 min ago; host b: 95 once, 5 min ago.
    for (int i = 0; i < 10; i++) {
      rows.add(single("a", "cpu_percent", NOW_MS - (10 - i) * MINUTE, 10.0 * (i + 1)));
    }
    rows.add(single("b", "cpu_percent", NOW_MS - 5 * MINUTE, 95));
    catalog.write(cpu, rows);
    Table sensors = catalog.createTable("db", "sensors", TableSettings.DEFAULT, Map.of(), NOW);
    catalog.write(
        sensors,
        List.of(
            multi("s1", NOW_MS - 2 * MINUTE, "21.5", "60"),
            multi("s1", NOW_MS - MINUTE, "22.5", null)));
    engine = new QueryEngine(catalog, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static StoredRow single(String host, String measure, long timeMs, double value) {
    return new StoredRow(
        SeriesKey.of(List.of(new Dimension("hostname", host))),
        measure,
        timeMs * 1_000_000L,
        MeasureValueType.DOUBLE,
        Double.toString(value),
        null,
        1,
        false);
  }

  static StoredRow multi(String device, long timeMs, String temperature, String humidity) {
    List<MeasureValue> values = new ArrayList<>();
    values.add(new MeasureValue("temperature", MeasureValueType.DOUBLE, temperature));
    if (humidity != null) {
      values.add(new MeasureValue("humidity", MeasureValueType.BIGINT, humidity));
    }
    return new StoredRow(
        SeriesKey.of(List.of(new Dimension("device_id", device))),
        "metrics",
        timeMs * 1_000_000L,
        MeasureValueType.MULTI,
        null,
        values,
        1,
        false);
  }

  static List<List<Object>> rows(QueryResult result) {
    return result.rows().stream().map(Arrays::asList).toList();
  }

  @Test
  void selectsSingleMeasureRowsWithTimestreamsColumnNamesAndDurations() {
    QueryResult result =
        engine.run(
            "SELECT hostname, time, measure_value::double AS cpu_percent FROM \"db\".\"cpu\""
                + " WHERE measure_name = 'cpu_percent' AND measure_value::double > 90"
                + " AND time > ago(1h) ORDER BY time DESC");
    assertThat(result.columns())
        .containsExactly(
            new ResultColumn("hostname", new ResultType.Scalar("VARCHAR")),
            new ResultColumn("time", new ResultType.Scalar("TIMESTAMP")),
            new ResultColumn("cpu_percent", new ResultType.Scalar("DOUBLE")));
    assertThat(rows(result))
        .containsExactly(
            List.of("a", NOW_MS - MINUTE, 100.0), List.of("b", NOW_MS - 5 * MINUTE, 95.0));
  }

  @Test
  void multiMeasureValuesAreColumnsAndAbsentOnesAreNull() {
    QueryResult result =
        engine.run("SELECT device_id, temperature, humidity FROM \"db\".\"sensors\" ORDER BY time");
    assertThat(result.columns().get(2).type()).isEqualTo(new ResultType.Scalar("BIGINT"));
    assertThat(rows(result))
        .containsExactly(Arrays.asList("s1", 21.5, 60L), Arrays.asList("s1", 22.5, null));
  }

  @Test
  void binsAndAggregates() {
    QueryResult result =
        engine.run(
            "SELECT bin(time, 5m) AS w, avg(measure_value::double) AS a, count(*) AS n,"
                + " approx_percentile(measure_value::double, 0.5) AS p50"
                + " FROM \"db\".\"cpu\" WHERE hostname = 'a' GROUP BY bin(time, 5m) ORDER BY w");
    // a's readings at -10..-1 min: bins [-10,-5) holds 10..50, [-5,0) holds 60..100.
    assertThat(rows(result))
        .containsExactly(
            List.of(NOW_MS - 10 * MINUTE, 30.0, 5L, 30.0),
            List.of(NOW_MS - 5 * MINUTE, 80.0, 5L, 80.0));
  }

  @Test
  void windowFunctionsCompareWithThePreviousRow() {
    QueryResult result =
        engine.run(
            "SELECT time, measure_value::double - LAG(measure_value::double, 1)"
                + " OVER (ORDER BY time) AS change FROM \"db\".\"cpu\" WHERE hostname = 'a'"
                + " ORDER BY time LIMIT 3");
    assertThat(rows(result))
        .containsExactly(
            Arrays.asList(NOW_MS - 10 * MINUTE, null),
            List.of(NOW_MS - 9 * MINUTE, 10.0),
            List.of(NOW_MS - 8 * MINUTE, 10.0));
  }

  @Test
  void interpolatesATimeSeriesAtASequence() {
    QueryResult result =
        engine.run(
            "SELECT interpolate_linear(create_time_series(time, measure_value::double),"
                + " SEQUENCE(ago(10m), ago(9m), 30s)) AS s FROM \"db\".\"cpu\""
                + " WHERE hostname = 'a'");
    assertThat(result.columns().get(0).type())
        .isEqualTo(new ResultType.TimeSeries(new ResultType.Scalar("DOUBLE")));
    @SuppressWarnings("unchecked")
    List<Object[]> series = (List<Object[]>) result.rows().get(0)[0];
    assertThat(series.stream().map(Arrays::asList).toList())
        .containsExactly(
            List.of(NOW_MS - 10 * MINUTE, 10.0),
            List.of(NOW_MS - 10 * MINUTE + 30_000, 15.0),
            List.of(NOW_MS - 9 * MINUTE, 20.0));
  }

  @Test
  void unnestsATimeSeriesIntoRows() {
    QueryResult result =
        engine.run(
            "WITH s AS (SELECT create_time_series(time, measure_value::double) AS ts"
                + " FROM \"db\".\"cpu\" WHERE hostname = 'b')"
                + " SELECT t.time, t.value FROM s CROSS JOIN UNNEST(ts) AS t(time, value)");
    assertThat(rows(result)).containsExactly(List.of(NOW_MS - 5 * MINUTE, 95.0));
  }

  @Test
  void errorsNameTheProblemAndWhereItIsInTheQueryAsWritten() {
    assertThatThrownBy(() -> engine.run("SELECT nope FROM \"db\".\"cpu\" WHERE time > ago(1h)"))
        .isInstanceOf(QueryFailure.class)
        .hasMessage("line 1:8: Column 'nope' does not exist");
    assertThatThrownBy(() -> engine.run("SELECT *\nFROM \"db\".\"nope\""))
        .hasMessage("line 2:6: Table 'db.nope' does not exist");
    assertThatThrownBy(() -> engine.run("SELECT * FROM \"abc\".\"sampleDB\" LIMIT 10"))
        .hasMessage(
            "Requested database 'abc' not found for identifier 'abc.sampleDB' at line 1:15");
    assertThatThrownBy(() -> engine.run("SELECT FROM \"db\".\"cpu\""))
        .hasMessageStartingWith("line 1:8: ");
    assertThatThrownBy(
            () ->
                engine.run(
                    "SELECT approx_percentile(measure_value::double, 2) FROM \"db\".\"cpu\""))
        .hasMessage("approx_percentile() needs a percentile between 0 and 1, was 2.0.");
  }

  @Test
  void runsDateTruncAsTimestreamDoesAndWordsItsErrorsTheSameWithDifferentCase() {
    QueryResult result =
        engine.run("SELECT date_trunc('hour', time) AS h FROM \"db\".\"cpu\" WHERE hostname = 'b'");
    long hour = 3_600_000L;
    assertThat(rows(result))
        .containsExactly(List.of(Math.floorDiv(NOW_MS - 5 * MINUTE, hour) * hour));
    assertThatThrownBy(() -> engine.run("SELECT Hostname FROM \"db\".\"cpu\""))
        .as("Calcite adds \"did you mean 'hostname'?\"")
        .hasMessage("line 1:8: Column 'Hostname' does not exist");
    assertThatThrownBy(() -> engine.run("SELECT * FROM \"DB\".\"cpu\""))
        .hasMessage("Requested database 'DB' not found for identifier 'DB.cpu' at line 1:15");
  }

  @Test
  void approxPercentileRanksAreNotPushedUpByFloatingPointError() {
    assertThat(TimestreamFunctions.ApproxPercentile.nearestRank(0.035, 200)).isEqualTo(6);
    assertThat(TimestreamFunctions.ApproxPercentile.nearestRank(0.5, 4)).isEqualTo(1);
    assertThat(TimestreamFunctions.ApproxPercentile.nearestRank(1, 4)).isEqualTo(3);
    assertThat(TimestreamFunctions.ApproxPercentile.nearestRank(0, 4)).isEqualTo(0);
  }

  @Test
  void theRestOfTheDialectJoinsHavingAndWindowFunctions() {
    QueryResult result =
        engine.run(
            "WITH per_host AS (SELECT hostname, max(measure_value::double) AS peak,"
                + " count(*) AS n FROM \"db\".\"cpu\" GROUP BY hostname HAVING count(*) >= 1)"
                + " SELECT c.hostname, c.time, p.peak,"
                + " ROW_NUMBER() OVER (PARTITION BY c.hostname ORDER BY c.time DESC) AS newest,"
                + " LEAD(c.measure_value::double) OVER (PARTITION BY c.hostname ORDER BY c.time)"
                + " AS next_value,"
                + " AVG(c.measure_value::double) OVER (PARTITION BY c.hostname ORDER BY c.time"
                + " ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS moving"
                + " FROM \"db\".\"cpu\" c JOIN per_host p ON c.hostname = p.hostname"
                + " WHERE c.hostname IN ('a', 'b') AND c.time BETWEEN ago(3m) AND now()"
                + " ORDER BY c.hostname, c.time");
    assertThat(rows(result))
        .containsExactly(
            Arrays.asList("a", NOW_MS - 3 * MINUTE, 100.0, 3L, 90.0, 80.0),
            Arrays.asList("a", NOW_MS - 2 * MINUTE, 100.0, 2L, 100.0, 85.0),
            Arrays.asList("a", NOW_MS - MINUTE, 100.0, 1L, null, 95.0));
  }

  @Test
  void anUnnamedColumnIsNamedAsTimestreamNamesIt() {
    QueryResult result =
        engine.run("SELECT hostname, count(*) FROM \"db\".\"cpu\" GROUP BY hostname");
    assertThat(result.columns().get(1).name()).isEqualTo("_col1");
  }
}
