package dev.tskafka.streams.model;

import dev.tskafka.streams.stats.HourlyMoments;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent closed windows of one series: per tracked value (e.g. {@code latency_ms.p99} or {@code
 * price.mean}) the last N values, oldest first, for z-scores, changes and moving averages; per
 * measure judged against hours of readings, their moments per hour ({@link HourlyMoments}).
 */
public final class SeriesHistory {
  /** How many recent final windows and anomalies (as emitted JSON) the HTTP endpoint can show. */
  public static final int RECENT = 10;

  private final Map<String, ArrayDeque<Double>> values;
  private final ArrayDeque<String> recentWindows;
  private final ArrayDeque<String> recentAnomalies;
  private final Map<String, HourlyMoments> hourly;

  public SeriesHistory(
      Map<String, ArrayDeque<Double>> values,
      ArrayDeque<String> recentWindows,
      ArrayDeque<String> recentAnomalies,
      Map<String, HourlyMoments> hourly) {
    this.values = values;
    this.recentWindows = recentWindows;
    this.recentAnomalies = recentAnomalies;
    this.hourly = hourly;
  }

  public static SeriesHistory empty() {
    return new SeriesHistory(
        new HashMap<>(), new ArrayDeque<>(), new ArrayDeque<>(), new HashMap<>());
  }

  /** Keeps a final window's JSON among the most recent ones. */
  public void recordWindow(String json) {
    keepRecent(recentWindows, json);
  }

  /** Keeps an anomaly's JSON among the most recent ones. */
  public void recordAnomaly(String json) {
    keepRecent(recentAnomalies, json);
  }

  private static void keepRecent(ArrayDeque<String> recent, String json) {
    recent.addLast(json);
    while (recent.size() > RECENT) {
      recent.removeFirst();
    }
  }

  /** Recent final windows, oldest first. */
  public ArrayDeque<String> recentWindows() {
    return recentWindows;
  }

  /** Recent anomalies, oldest first. */
  public ArrayDeque<String> recentAnomalies() {
    return recentAnomalies;
  }

  /** The values before this window, oldest first. */
  public List<Double> of(String label) {
    ArrayDeque<Double> d = values.get(label);
    return d == null ? List.of() : new ArrayList<>(d);
  }

  public void append(String label, double value, int keep) {
    ArrayDeque<Double> d = values.computeIfAbsent(label, l -> new ArrayDeque<>());
    d.addLast(value);
    while (d.size() > keep) {
      d.removeFirst();
    }
  }

  public Map<String, ArrayDeque<Double>> values() {
    return values;
  }

  /**
   * A measure's raw readings per hour over the last two days, kept only for measures that a rule
   * judges against them ({@code sigma24h}, {@code seasonal}); created on first use.
   */
  public HourlyMoments hourly(String measure) {
    return hourly.computeIfAbsent(measure, m -> new HourlyMoments());
  }

  public Map<String, HourlyMoments> hourly() {
    return hourly;
  }
}
