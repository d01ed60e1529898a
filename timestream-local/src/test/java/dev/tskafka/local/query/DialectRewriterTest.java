package dev.tskafka.local.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DialectRewriterTest {

  @Test
  void measureValueWithATypeBecomesTheColumnItNames() {
    assertThat(DialectRewriter.rewrite("SELECT measure_value::double FROM t"))
        .isEqualTo("SELECT \"measure_value::double\" FROM t");
    assertThat(DialectRewriter.rewrite("avg(t.MEASURE_VALUE :: BigInt)"))
        .isEqualTo("avg(t.\"measure_value::bigint\")");
  }

  @Test
  void durationLiteralsBecomeIntervals() {
    assertThat(DialectRewriter.rewrite("t > ago(24h) AND bin(t, 15m)"))
        .isEqualTo("t > ago(INTERVAL '24' HOUR(10)) AND bin(t, INTERVAL '15' MINUTE(10))");
    assertThat(DialectRewriter.rewrite("ago(1d), 30s"))
        .isEqualTo("ago(INTERVAL '1' DAY(10)), INTERVAL '30' SECOND(10)");
  }

  @Test
  void unitsBelowASecondBecomeFractionalSeconds() {
    assertThat(DialectRewriter.rewrite("100ms")).isEqualTo("INTERVAL '0.100' SECOND(10, 3)");
    assertThat(DialectRewriter.rewrite("1500ms")).isEqualTo("INTERVAL '1.500' SECOND(10, 3)");
    assertThat(DialectRewriter.rewrite("10us")).isEqualTo("INTERVAL '0.000010' SECOND(10, 6)");
    assertThat(DialectRewriter.rewrite("5ns")).isEqualTo("INTERVAL '0.000000005' SECOND(10, 9)");
  }

  @Test
  void numbersThatAreNotDurationsStayAsTheyAre() {
    assertThat(DialectRewriter.rewrite("x > 90 AND y = 3.5 AND z = 1e5 AND w = 7 * 2"))
        .isEqualTo("x > 90 AND y = 3.5 AND z = 1e5 AND w = 7 * 2");
    assertThat(DialectRewriter.rewrite("SELECT col5m, 5mx FROM t"))
        .isEqualTo("SELECT col5m, 5mx FROM t");
  }

  @Test
  void stringsQuotedNamesAndCommentsAreLeftAlone() {
    String sql =
        "SELECT \"measure_value::double\", 'it''s 5m ago measure_value::double' -- 24h\n"
            + "FROM \"db\".\"15m\" /* 1d measure_value::bigint */ WHERE x = 1";
    assertThat(DialectRewriter.rewrite(sql)).isEqualTo(sql);
  }

  @Test
  void timeAndValueAreQuotedWhereTheyAreNamesNotLiteralsOrFunctions() {
    assertThat(DialectRewriter.rewrite("SELECT time, t.value AS Value FROM x AS t(time, value)"))
        .isEqualTo("SELECT \"time\", t.\"value\" AS \"value\" FROM x AS t(\"time\", \"value\")");
    assertThat(DialectRewriter.rewrite("TIME '12:00:00', TIMESTAMP '2026-01-01 00:00:00'"))
        .isEqualTo("TIME '12:00:00', TIMESTAMP '2026-01-01 00:00:00'");
  }

  @Test
  void timestreamFunctionNamesAreLowerCasedOnlyWhenCalled() {
    assertThat(DialectRewriter.rewrite("SELECT BIN(x, 1m), Approx_Percentile(y, 0.9), bin FROM t"))
        .isEqualTo("SELECT bin(x, INTERVAL '1' MINUTE(10)), approx_percentile(y, 0.9), bin FROM t");
  }

  @Test
  void positionsInTheRewrittenTextMapBackToTheTextAsWritten() {
    String sql = "SELECT measure_value::double,\n  nope FROM t WHERE x > ago(15m) AND y";
    DialectRewriter.Rewritten rewritten = DialectRewriter.rewriteTracked(sql);
    int line2 = rewritten.sql().indexOf('\n') + 1;
    int nope = rewritten.sql().indexOf("nope") - line2 + 1;
    assertThat(rewritten.originalPosition(2, nope)).containsExactly(2, 3);
    int y = rewritten.sql().lastIndexOf('y') - line2 + 1;
    assertThat(rewritten.originalPosition(2, y))
        .containsExactly(2, sql.lastIndexOf('y') - sql.indexOf('\n'));
    // Inside a replacement: the position of the text it replaced.
    int interval = rewritten.sql().indexOf("INTERVAL") - line2 + 1;
    assertThat(rewritten.originalPosition(2, interval + 5))
        .containsExactly(2, sql.indexOf("15m") - sql.indexOf('\n'));
  }

  @Test
  void wordsCalciteReservesAreQuotedWhereOnlyANameCanStand() {
    assertThat(DialectRewriter.rewrite("SELECT 1 AS one, bin(t, 1h) AS hour, x.day FROM y AS x"))
        .isEqualTo(
            "SELECT 1 AS \"one\", bin(t, INTERVAL '1' HOUR(10)) AS \"hour\", x.\"day\" FROM y AS x");
    assertThat(
            DialectRewriter.rewrite(
                "CAST(x AS DOUBLE), CAST(CAST(y AS BIGINT) AS VARCHAR) AS date"))
        .isEqualTo("CAST(x AS DOUBLE), CAST(CAST(y AS BIGINT) AS VARCHAR) AS \"date\"");
  }

  @Test
  void castTargetsStayTypesAndFunctionsCalcitesParserClaimsAreCalledAsOurs() {
    assertThat(
            DialectRewriter.rewrite(
                "try_cast(measure_value::varchar AS double), CAST('12:00:00' AS time)"))
        .isEqualTo("try_cast(\"measure_value::varchar\" AS double), CAST('12:00:00' AS time)");
    assertThat(DialectRewriter.rewrite("DATE_TRUNC('hour', time)"))
        .as("DATE_TRUNC is a keyword of Calcite's parser, bound to Calcite's own operator")
        .isEqualTo("\"date_trunc\"('hour', \"time\")");
    assertThat(DialectRewriter.rewrite("UNNEST(ts) AS hour(a, b)"))
        .isEqualTo("UNNEST(ts) AS \"hour\"(a, b)");
  }
}
