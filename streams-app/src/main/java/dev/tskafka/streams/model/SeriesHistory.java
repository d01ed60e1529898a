package dev.tskafka.streams.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent closed windows of one series: per tracked value (e.g. {@code latency_ms.p99} or {@code
 * price.mean}) the last N values, oldest first, for z-scores, changes and moving averages.
 */
public final class SeriesHistory {
  private final Map<String, ArrayDeque<Double>> values;
  private long lastWindowEnd;

  public SeriesHistory(Map<String, ArrayDeque<Double>> values, long lastWindowEnd) {
    this.values = values;
    this.lastWindowEnd = lastWindowEnd;
  }

  public static SeriesHistory empty() {
    return new SeriesHistory(new HashMap<>(), Long.MIN_VALUE);
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

  public long lastWindowEnd() {
    return lastWindowEnd;
  }

  public void lastWindowEnd(long end) {
    lastWindowEnd = end;
  }
}
