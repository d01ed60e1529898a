package dev.tskafka.quickstart;

import dev.tskafka.local.TimestreamLocal;
import dev.tskafka.local.store.CatalogException;
import dev.tskafka.local.store.RowQuery;
import dev.tskafka.quickstart.ScenarioSetup.TableRef;
import dev.tskafka.quickstart.scenario.Scenario.Incident;
import dev.tskafka.quickstart.scenario.Timeline;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What landed in timestream-local, read back with Timestream SQL through the Query API (the seed
 * document's queries, adapted): the latest reading per device, p95/p99 latency per endpoint and
 * window, the moving average and change per symbol, the CPU above 90 query, and every window
 * flagged as an anomaly, with why. Row counts (has everything landed?) come from the store.
 */
final class Report {
  private static final DateTimeFormatter HH_MM =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HH_MM_SS =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  /** How far one scenario's data got. */
  record Landed(
      String scenario,
      long produced,
      String rawTable,
      long rawRows,
      String aggregatesTable,
      long expectedWindows,
      long aggregateRows,
      String incident,
      String expectedReason,
      List<String> incidentFlaggedWindows,
      int flaggedInsideIncident,
      int flaggedOutsideIncident) {}

  /**
   * How far the flags can be trusted: of all flagged windows, the share inside an injected incident
   * (precision), and the share of incidents flagged with their expected reason (recall).
   */
  record AnomalyQuality(
      int flaggedInsideIncidents,
      int flaggedOutsideIncidents,
      double precision,
      int incidentsCaught,
      int incidents,
      double recall) {}

  AnomalyQuality quality(List<Landed> landed) {
    int inside = landed.stream().mapToInt(Landed::flaggedInsideIncident).sum();
    int outside = landed.stream().mapToInt(Landed::flaggedOutsideIncident).sum();
    int caught = (int) landed.stream().filter(l -> !l.incidentFlaggedWindows().isEmpty()).count();
    return new AnomalyQuality(
        inside,
        outside,
        inside + outside == 0 ? Double.NaN : (double) inside / (inside + outside),
        caught,
        landed.size(),
        landed.isEmpty() ? Double.NaN : (double) caught / landed.size());
  }

  /**
   * Whether a flagged window of the scenario is inside its incident: the incident's series, and a
   * window overlapping the incident or starting right after it (a change is judged there).
   */
  private boolean insideIncident(ScenarioSetup s, Flagged f) {
    Incident incident = s.scenario().incident();
    if (!f.series().entrySet().containsAll(incident.series().entrySet())) {
      return false;
    }
    long start = timeline.at(incident.phase());
    long end = start + incident.length().toMillis() + s.pipeline().size().toMillis();
    long windowEnd = f.windowStartMs() + s.pipeline().size().toMillis();
    return windowEnd > start && f.windowStartMs() < end;
  }

  /** A window the streams app flagged, as stored in an aggregates table. */
  record Flagged(
      String scenario,
      Map<String, String> series,
      long windowStartMs,
      List<String> reasons,
      Map<String, Double> values) {}

  private final TimestreamLocal timestream;
  private final TimestreamSql sql;
  private final List<ScenarioSetup> setups;
  private final Map<String, Generator.Produced> produced;
  private final Timeline timeline;

  Report(
      TimestreamLocal timestream,
      List<ScenarioSetup> setups,
      Map<String, Generator.Produced> produced,
      Timeline timeline) {
    this.timestream = timestream;
    this.sql = new TimestreamSql(timestream.endpoint());
    this.setups = setups;
    this.produced = produced;
    this.timeline = timeline;
  }

  /** How far each scenario's data got, and which windows of {@code flagged} caught its incident. */
  List<Landed> landed(List<Flagged> flagged) {
    List<Landed> result = new ArrayList<>();
    for (ScenarioSetup s : setups) {
      Generator.Produced p = produced.get(s.scenario().name());
      Incident incident = s.scenario().incident();
      List<Flagged> ofScenario =
          flagged.stream().filter(f -> f.scenario().equals(s.scenario().name())).toList();
      int inside = (int) ofScenario.stream().filter(f -> insideIncident(s, f)).count();
      List<String> hits =
          ofScenario.stream()
              .filter(f -> f.series().entrySet().containsAll(incident.series().entrySet()))
              .filter(f -> f.reasons().contains(incident.reason()))
              .map(f -> HH_MM.format(Instant.ofEpochMilli(f.windowStartMs())))
              .toList();
      result.add(
          new Landed(
              s.scenario().name(),
              p.acknowledged.get(),
              s.rawTable().toString(),
              rowCount(s.rawTable()),
              s.aggregatesTable().toString(),
              p.windows(),
              rowCount(s.aggregatesTable()),
              incident.description(),
              incident.reason(),
              hits,
              inside,
              ofScenario.size() - inside));
    }
    return result;
  }

  /** Whether every produced sample and every expected window is a row (counts only). */
  boolean complete() {
    for (ScenarioSetup s : setups) {
      Generator.Produced p = produced.get(s.scenario().name());
      if (rowCount(s.rawTable()) != p.acknowledged.get()
          || rowCount(s.aggregatesTable()) != p.windows()) {
        return false;
      }
    }
    return true;
  }

  /** Every aggregate row with anomaly = true, in time order (a query per aggregates table). */
  List<Flagged> flagged() {
    List<Flagged> result = new ArrayList<>();
    for (ScenarioSetup s : setups) {
      TimestreamSql.Result flagged =
          sql.query(
              "SELECT * FROM "
                  + TimestreamSql.from(s.aggregatesTable())
                  + " WHERE anomalies IS NOT NULL ORDER BY time");
      for (Map<String, String> row : flagged.rows()) {
        String reasons = row.get("anomalies");
        if (!"true".equalsIgnoreCase(row.get("anomaly"))) {
          continue;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> list = List.of(reasons.split(","));
        for (String reason : list) {
          String measure = reason.substring(reason.indexOf(':') + 1);
          Double v = number(row.get(column(measure)));
          if (v != null) {
            values.put(measure, v);
          }
        }
        result.add(
            new Flagged(
                s.scenario().name(),
                dimensions(flagged, row),
                TimestreamSql.millis(row.get("time")),
                list,
                values));
      }
    }
    result.sort(Comparator.comparingLong(Flagged::windowStartMs));
    return result;
  }

  String render(String endpoint, Progress progress) {
    List<Flagged> flagged = flagged();
    List<Landed> landed = landed(flagged);
    StringBuilder out = new StringBuilder();
    out.append("\n==== Report: what landed in timestream-local (")
        .append(endpoint)
        .append(") ====\n");
    out.append(
        String.format(
            "Simulated time %s to %s UTC. %s%n",
            DAY_TIME.format(Instant.ofEpochMilli(timeline.startMs())),
            HH_MM.format(Instant.ofEpochMilli(timeline.endMs())),
            progress.line(java.time.Duration.ZERO).replaceFirst("^\\[ *0s\\] ", "")));
    out.append("\nLanded\n");
    table(
        out,
        List.of("scenario", "produced", "raw rows", "table", "windows", "of", "table"),
        landed.stream()
            .map(
                l ->
                    List.of(
                        l.scenario(),
                        fmt(l.produced()),
                        fmt(l.rawRows()) + (l.rawRows() == l.produced() ? " ok" : " MISSING"),
                        l.rawTable(),
                        fmt(l.aggregateRows())
                            + (l.aggregateRows() == l.expectedWindows() ? " ok" : " MISSING"),
                        fmt(l.expectedWindows()),
                        l.aggregatesTable()))
            .toList());
    for (ScenarioSetup s : setups) {
      switch (s.scenario().name()) {
        case "iot-sensors" -> latestReadings(out, s);
        case "api-metrics" -> latencies(out, s);
        case "stock-prices" -> movingAverages(out, s);
        case "host-metrics" -> cpuQuery(out, s);
        default -> {}
      }
    }
    anomalies(out, flagged);
    out.append("\nInjected incidents\n");
    for (Landed l : landed) {
      out.append(
          String.format(
              "  %s %s: %s -> %s; windows flagged inside the incident %d, outside it %d%n",
              l.incidentFlaggedWindows().isEmpty() ? "NOT FLAGGED" : "flagged",
              l.scenario(),
              l.incident(),
              l.incidentFlaggedWindows().isEmpty()
                  ? "no window with " + l.expectedReason()
                  : l.expectedReason()
                      + " in window(s) "
                      + String.join(", ", l.incidentFlaggedWindows()),
              l.flaggedInsideIncident(),
              l.flaggedOutsideIncident()));
    }
    AnomalyQuality q = quality(landed);
    out.append(
        String.format(
            java.util.Locale.ROOT,
            "  anomaly flags: precision %.2f (%d of %d flagged windows inside an incident),"
                + " recall %.2f (%d of %d incidents caught with their reason)%n",
            q.precision(),
            q.flaggedInsideIncidents(),
            q.flaggedInsideIncidents() + q.flaggedOutsideIncidents(),
            q.recall(),
            q.incidentsCaught(),
            q.incidents()));
    return out.toString();
  }

  /** The seed's first query, newest reading of each device: ROW_NUMBER over time, newest first. */
  private void latestReadings(StringBuilder out, ScenarioSetup s) {
    out.append("\nIoT sensors: latest reading per device (").append(s.rawTable()).append(")\n");
    List<Map<String, String>> rows =
        sql.query(
                "SELECT device_id, location, time, temperature, humidity FROM ("
                    + "SELECT device_id, location, time, temperature, humidity, ROW_NUMBER() OVER"
                    + " (PARTITION BY device_id ORDER BY time DESC) AS newest FROM "
                    + TimestreamSql.from(s.rawTable())
                    + ") WHERE newest = 1 ORDER BY device_id")
            .rows();
    table(
        out,
        List.of("device_id", "location", "time", "temperature", "humidity"),
        rows.stream()
            .map(
                r ->
                    List.of(
                        r.get("device_id"),
                        r.get("location"),
                        hhmmss(r.get("time")),
                        fmt1(number(r.get("temperature"))) + " C",
                        fmt1(number(r.get("humidity"))) + " %"))
            .toList());
  }

  /** The seed's p99 query, per window: p95/p99 per service and endpoint (the last 3 windows). */
  private void latencies(StringBuilder out, ScenarioSetup s) {
    out.append("\nAPI latency per endpoint, last 3 one-minute windows (")
        .append(s.aggregatesTable())
        .append("; DDSketch, 1% relative accuracy)\n");
    List<Map<String, String>> rows =
        lastWindows(
            s.aggregatesTable(),
            "service, endpoint",
            "latency_ms_count, latency_ms_mean, latency_ms_p95, latency_ms_p99",
            3);
    table(
        out,
        List.of("service", "endpoint", "window", "requests", "mean ms", "p95 ms", "p99 ms", ""),
        rows.stream()
            .map(
                r ->
                    List.of(
                        r.get("service"),
                        r.get("endpoint"),
                        hhmm(r.get("time")),
                        fmt0(number(r.get("latency_ms_count"))),
                        fmt1(number(r.get("latency_ms_mean"))),
                        fmt1(number(r.get("latency_ms_p95"))),
                        fmt1(number(r.get("latency_ms_p99"))),
                        flag(r)))
            .toList());
  }

  /** The seed's moving-average query: per symbol and 15-minute bin, the average and the change. */
  private void movingAverages(StringBuilder out, ScenarioSetup s) {
    out.append("\nStock prices per symbol, last 4 windows of 15 minutes (")
        .append(s.aggregatesTable())
        .append(")\n");
    List<Map<String, String>> rows =
        lastWindows(
            s.aggregatesTable(),
            "symbol",
            "price_mean, price_moving_avg, price_change, volume_sum",
            4);
    table(
        out,
        List.of("symbol", "window", "avg price", "moving avg", "change", "change %", "volume", ""),
        rows.stream()
            .map(
                r -> {
                  Double mean = number(r.get("price_mean"));
                  Double change = number(r.get("price_change"));
                  String percent =
                      mean == null || change == null || mean - change == 0
                          ? "-"
                          : String.format("%+.2f%%", change / (mean - change) * 100);
                  return List.of(
                      r.get("symbol"),
                      hhmm(r.get("time")),
                      fmt2(mean),
                      fmt2(number(r.get("price_moving_avg"))),
                      change == null ? "-" : String.format("%+.2f", change),
                      percent,
                      fmt0(number(r.get("volume_sum"))),
                      flag(r));
                })
            .toList());
  }

  /**
   * The last {@code n} windows of each series of an aggregates table, oldest first within a series:
   * the seed's window queries, ranked with ROW_NUMBER.
   */
  private List<Map<String, String>> lastWindows(
      TableRef table, String series, String measures, int n) {
    String columns = series + ", time, " + measures + ", anomaly, anomalies";
    return sql.query(
            "SELECT "
                + columns
                + " FROM (SELECT "
                + columns
                + ", ROW_NUMBER() OVER (PARTITION BY "
                + series
                + " ORDER BY time DESC) AS newest FROM "
                + TimestreamSql.from(table)
                + ") WHERE newest <= "
                + n
                + " ORDER BY "
                + series
                + ", time")
        .rows();
  }

  /**
   * The seed's anomaly query on raw samples (cpu_percent above the threshold), per host; no {@code
   * ago()} bound, since the samples carry simulated times.
   */
  private void cpuQuery(StringBuilder out, ScenarioSetup s) {
    out.append("\nHosts: raw samples with cpu_percent > 90 (the seed's query on ")
        .append(s.rawTable())
        .append(")\n");
    List<Map<String, String>> hot =
        sql.query(
                "SELECT hostname, count(*) AS samples, min(time) AS first_sample,"
                    + " max(time) AS last_sample, max(cpu_percent) AS peak FROM "
                    + TimestreamSql.from(s.rawTable())
                    + " WHERE cpu_percent > 90 GROUP BY hostname ORDER BY hostname")
            .rows();
    if (hot.isEmpty()) {
      out.append("  none\n");
    }
    for (Map<String, String> host : hot) {
      out.append(
          String.format(
              "  %s: %s samples, %s to %s UTC, max %.1f%%%n",
              host.get("hostname"),
              host.get("samples"),
              hhmmss(host.get("first_sample")),
              hhmmss(host.get("last_sample")),
              number(host.get("peak"))));
    }
  }

  private static void anomalies(StringBuilder out, List<Flagged> flagged) {
    out.append("\nWindows flagged as anomalies by the streams app (")
        .append(flagged.size())
        .append(", anomaly = true in the aggregate tables)\n");
    table(
        out,
        List.of("scenario", "series", "window", "why"),
        flagged.stream()
            .map(
                f ->
                    List.of(
                        f.scenario(),
                        String.join(" ", f.series().values()),
                        HH_MM.format(Instant.ofEpochMilli(f.windowStartMs())),
                        f.reasons().stream()
                            .map(
                                r -> {
                                  String measure = r.substring(r.indexOf(':') + 1);
                                  Double v = f.values().get(measure);
                                  return r + (v == null ? "" : String.format(" (%.2f)", v));
                                })
                            .collect(Collectors.joining(", "))))
            .toList());
  }

  private static String flag(Map<String, String> r) {
    String reasons = r.get("anomalies");
    return "true".equalsIgnoreCase(r.get("anomaly")) && reasons != null ? "<- " + reasons : "";
  }

  private long rowCount(TableRef t) {
    try {
      return timestream.rows(t.database(), t.table(), new RowQuery(null, null, null, 0)).count();
    } catch (CatalogException e) {
      return 0;
    }
  }

  /**
   * The dimensions of a result row (the columns before {@code measure_name} in a {@code SELECT *}),
   * without the {@code pipeline} dimension the aggregates carry.
   */
  private static Map<String, String> dimensions(
      TimestreamSql.Result result, Map<String, String> row) {
    Map<String, String> d = new LinkedHashMap<>();
    for (String column : result.columns()) {
      if (column.equals("measure_name")) {
        break;
      }
      if (!column.equals("pipeline")) {
        d.put(column, row.get(column));
      }
    }
    return d;
  }

  private static Double number(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Double.valueOf(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String hhmm(String timestamp) {
    return HH_MM.format(Instant.ofEpochMilli(TimestreamSql.millis(timestamp)));
  }

  private static String hhmmss(String timestamp) {
    return HH_MM_SS.format(Instant.ofEpochMilli(TimestreamSql.millis(timestamp)));
  }

  /**
   * The aggregate column of a rule's measure: {@code cpu_percent.max} is {@code cpu_percent_max}.
   */
  private static String column(String measure) {
    int dot = measure.lastIndexOf('.');
    return dot < 0 ? measure : measure.substring(0, dot) + "_" + measure.substring(dot + 1);
  }

  private static void table(StringBuilder out, List<String> header, List<List<String>> lines) {
    if (lines.isEmpty()) {
      out.append("  none\n");
      return;
    }
    int[] width = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      width[i] = header.get(i).length();
      for (List<String> line : lines) {
        width[i] = Math.max(width[i], line.get(i).length());
      }
    }
    Predicate<Integer> numeric =
        i -> lines.stream().allMatch(l -> l.get(i).matches("[-+0-9.,%]*( ok| MISSING| C| %)?"));
    for (List<String> line : prepend(header, lines)) {
      StringBuilder b = new StringBuilder(" ");
      for (int i = 0; i < line.size(); i++) {
        String cell = line.get(i);
        String pad = " ".repeat(width[i] - cell.length());
        b.append(' ').append(numeric.test(i) ? pad + cell : cell + pad);
      }
      out.append(b.toString().stripTrailing()).append('\n');
    }
  }

  private static List<List<String>> prepend(List<String> header, List<List<String>> lines) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(lines);
    return all;
  }

  private static String fmt(long n) {
    return String.format("%,d", n);
  }

  private static String fmt0(Double v) {
    return v == null ? "-" : String.format("%,.0f", v);
  }

  private static String fmt1(Double v) {
    return v == null ? "-" : String.format("%.1f", v);
  }

  private static String fmt2(Double v) {
    return v == null ? "-" : String.format("%.2f", v);
  }
}
