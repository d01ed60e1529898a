package dev.tskafka.streams.anomaly;

import java.util.List;

/** A small pure rule over one measure's window value and the series' earlier windows. */
public interface AnomalyRule {
  /**
   * @param value this window's value of the measure (e.g. its mean or max)
   * @param history the same value for the previous windows of the series, oldest first
   * @return the verdict, or null when the rule cannot judge yet (not enough history)
   */
  Verdict judge(double value, List<Double> history);

  String name();

  /** How many earlier windows the rule needs before it judges at all (0: none). */
  default int minHistory() {
    return 0;
  }
}
