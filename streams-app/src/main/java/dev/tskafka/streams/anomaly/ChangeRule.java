package dev.tskafka.streams.anomaly;

import java.util.List;

/**
 * Change against the previous window (the seed's LAG example): anomalous when the value moved by
 * more than {@code limit}, in absolute units or in percent of the previous value.
 */
public record ChangeRule(String measure, boolean percent, double limit) implements AnomalyRule {

  @Override
  public Verdict judge(double value, List<Double> history) {
    if (history.isEmpty()) {
      return null;
    }
    double previous = history.get(history.size() - 1);
    double change = value - previous;
    double measured;
    if (percent) {
      if (previous == 0) {
        return new Verdict(name(), measure, change != 0, value, previous, limit);
      }
      measured = Math.abs(change) / Math.abs(previous) * 100;
    } else {
      measured = Math.abs(change);
    }
    return new Verdict(name(), measure, measured > limit, value, previous, limit);
  }

  @Override
  public String name() {
    return percent ? "change_percent" : "change_absolute";
  }
}
