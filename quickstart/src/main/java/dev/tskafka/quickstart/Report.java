package dev.tskafka.quickstart;

import dev.tskafka.local.TimestreamLocal;
import dev.tskafka.local.store.CatalogException;
import dev.tskafka.local.store.MeasureValue;
import dev.tskafka.local.store.RowQuery;
import dev.tskafka.local.store.StoredRow;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What landed in timestream-local, read back from its tables and laid out as the seed document's
 * queries would show it: the latest reading per device, p95/p99 latency per endpoint and window,
 * the moving average and change per symbol, and every window flagged as an anomaly, with why.
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
  private final List<ScenarioSetup> setups;
  private final Map<String, Generator.Produced> produced;
  private final Timeline timeline;

  Report(
      TimestreamLocal timestream,
      List<ScenarioSetup> setups,
      Map<String, Generator.Produced> produced,
      Timeline timeline) {
    this.timestream = timestream;
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

  /** Every aggregate row with anomaly = true, in time order. */
  List<Flagged> flagged() {
    List<Flagged> result = new ArrayList<>();
    for (ScenarioSetup s : setups) {
      for (StoredRow row : rows(s.aggregatesTable())) {
        String reasons = text(row, "anomalies");
        if (!"true".equals(text(row, "anomaly")) || reasons == null) {
          continue;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> list = List.of(reasons.split(","));
        for (String reason : list) {
          String measure = reason.substring(reason.indexOf(':') + 1);
          Double v = number(row, column(measure));
          if (v != null) {
            values.put(measure, v);
          }
        }
        result.add(
            new Flagged(
                s.scenario().name(),
                dimensions(row),
                TimeUnit.NANOSECONDS.toMillis(row.timeNanos()),
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

  /** The seed's first query: readings per device, newest first; here the newest of each. */
  private void latestReadings(StringBuilder out, ScenarioSetup s) {
    out.append("\nIoT sensors: latest reading per device (").append(s.rawTable()).append(")\n");
    Map<String, StoredRow> latest = new TreeMap<>();
    for (StoredRow row : rows(s.rawTable())) {
      latest.merge(
          dimensions(row).get("device_id"), row, (a, b) -> a.timeNanos() >= b.timeNanos() ? a : b);
    }
    table(
        out,
        List.of("device_id", "location", "time", "temperature", "humidity"),
        latest.values().stream()
            .map(
                r ->
                    List.of(
                        dimensions(r).get("device_id"),
                        dimensions(r).get("location"),
                        HH_MM_SS.format(Instant.ofEpochMilli(r.timeNanos() / 1_000_000)),
                        fmt1(number(r, "temperature")) + " C",
                        fmt1(number(r, "humidity")) + " %"))
            .toList());
  }

  /** The seed's p99 query, per window: p95/p99 per service and endpoint (the last 3 windows). */
  private void latencies(StringBuilder out, ScenarioSetup s) {
    out.append("\nAPI latency per endpoint, last 3 one-minute windows (")
        .append(s.aggregatesTable())
        .append("; DDSketch, 1% relative accuracy)\n");
    Map<String, List<StoredRow>> bySeries =
        bySeries(rows(s.aggregatesTable()), "service", "endpoint");
    List<List<String>> lines = new ArrayList<>();
    bySeries.forEach(
        (series, rows) -> {
          for (StoredRow r : last(rows, 3)) {
            lines.add(
                List.of(
                    dimensions(r).get("service"),
                    dimensions(r).get("endpoint"),
                    HH_MM.format(Instant.ofEpochMilli(r.timeNanos() / 1_000_000)),
                    fmt0(number(r, "latency_ms_count")),
                    fmt1(number(r, "latency_ms_mean")),
                    fmt1(number(r, "latency_ms_p95")),
                    fmt1(number(r, "latency_ms_p99")),
                    flag(r)));
          }
        });
    table(
        out,
        List.of("service", "endpoint", "window", "requests", "mean ms", "p95 ms", "p99 ms", ""),
        lines);
  }

  /** The seed's moving-average query: per symbol and 15-minute bin, the average and the change. */
  private void movingAverages(StringBuilder out, ScenarioSetup s) {
    out.append("\nStock prices per symbol, last 4 windows of 15 minutes (")
        .append(s.aggregatesTable())
        .append(")\n");
    Map<String, List<StoredRow>> bySeries = bySeries(rows(s.aggregatesTable()), "symbol");
    List<List<String>> lines = new ArrayList<>();
    bySeries.forEach(
        (series, rows) -> {
          for (StoredRow r : last(rows, 4)) {
            Double mean = number(r, "price_mean");
            Double change = number(r, "price_change");
            String percent =
                mean == null || change == null || mean - change == 0
                    ? "-"
                    : String.format("%+.2f%%", change / (mean - change) * 100);
            lines.add(
                List.of(
                    dimensions(r).get("symbol"),
                    HH_MM.format(Instant.ofEpochMilli(r.timeNanos() / 1_000_000)),
                    fmt2(mean),
                    fmt2(number(r, "price_moving_avg")),
                    change == null ? "-" : String.format("%+.2f", change),
                    percent,
                    fmt0(number(r, "volume_sum")),
                    flag(r)));
          }
        });
    table(
        out,
        List.of("symbol", "window", "avg price", "moving avg", "change", "change %", "volume", ""),
        lines);
  }

  /** The seed's anomaly query on raw samples: CPU above 90, per host. */
  private void cpuQuery(StringBuilder out, ScenarioSetup s) {
    out.append("\nHosts: raw samples with cpu_percent > 90 (the seed's query on ")
        .append(s.rawTable())
        .append(")\n");
    Map<String, List<StoredRow>> hot =
        rows(s.rawTable()).stream()
            .filter(r -> number(r, "cpu_percent") != null && number(r, "cpu_percent") > 90)
            .collect(
                Collectors.groupingBy(
                    r -> dimensions(r).get("hostname"), TreeMap::new, Collectors.toList()));
    if (hot.isEmpty()) {
      out.append("  none\n");
    }
    hot.forEach(
        (host, rows) ->
            out.append(
                String.format(
                    "  %s: %d samples, %s to %s UTC, max %.1f%%%n",
                    host,
                    rows.size(),
                    HH_MM_SS.format(Instant.ofEpochMilli(rows.get(0).timeNanos() / 1_000_000)),
                    HH_MM_SS.format(
                        Instant.ofEpochMilli(rows.get(rows.size() - 1).timeNanos() / 1_000_000)),
                    rows.stream().mapToDouble(r -> number(r, "cpu_percent")).max().orElse(0))));
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

  private static String flag(StoredRow r) {
    String reasons = text(r, "anomalies");
    return "true".equals(text(r, "anomaly")) && reasons != null ? "<- " + reasons : "";
  }

  private List<StoredRow> rows(TableRef t) {
    try {
      return timestream.rows(t.database(), t.table(), RowQuery.ALL).rows();
    } catch (CatalogException e) {
      return List.of(); // not created yet: nothing landed
    }
  }

  private long rowCount(TableRef t) {
    try {
      return timestream.rows(t.database(), t.table(), new RowQuery(null, null, null, 0)).count();
    } catch (CatalogException e) {
      return 0;
    }
  }

  /** Rows grouped by the values of {@code dims}, each group in time order. */
  private static Map<String, List<StoredRow>> bySeries(List<StoredRow> rows, String... dims) {
    Map<String, List<StoredRow>> groups = new TreeMap<>();
    for (StoredRow r : rows) {
      Map<String, String> d = dimensions(r);
      StringBuilder key = new StringBuilder();
      for (String name : dims) {
        key.append(d.get(name)).append(' ');
      }
      groups.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(r);
    }
    groups.values().forEach(g -> g.sort(Comparator.comparingLong(StoredRow::timeNanos)));
    return groups;
  }

  private static List<StoredRow> last(List<StoredRow> rows, int n) {
    return rows.subList(Math.max(0, rows.size() - n), rows.size());
  }

  /** The dimensions of a row, without the {@code pipeline} dimension the aggregates carry. */
  private static Map<String, String> dimensions(StoredRow row) {
    Map<String, String> d = new LinkedHashMap<>(row.series().asMap());
    d.remove("pipeline");
    return d;
  }

  private static String text(StoredRow row, String measure) {
    if (row.values() != null) {
      for (MeasureValue v : row.values()) {
        if (v.name().equals(measure)) {
          return v.value();
        }
      }
      return null;
    }
    return measure.equals(row.measureName()) ? row.value() : null;
  }

  private static Double number(StoredRow row, String measure) {
    String v = text(row, measure);
    if (v == null) {
      return null;
    }
    try {
      return Double.valueOf(v);
    } catch (NumberFormatException e) {
      return null;
    }
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
