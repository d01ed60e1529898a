package dev.tskafka.streams.anomaly;

import java.util.List;

/**
 * A change of scale: anomalous when the value is more than {@code factor} times the upper quartile
 * of the series' trailing windows, or less than their lower quartile divided by {@code factor},
 * judged once {@code minHistory} windows exist. Meant for spreads (a window's standard deviation,
 * its max minus min) and other positive statistics whose noise grows with their level: the standard
 * deviation of 12 readings of normal noise stays within 0.4-1.7 times the true one 99.8 % of the
 * time, whatever that one is, while a z-score of it against 30 trailing windows fires on its own
 * skew. A variance burst multiplies it; a stuck sensor makes it 0, which is below any positive
 * lower quartile. A baseline whose upper quartile is 0 (a flat setpoint's spread) has no scale: the
 * rule does not judge against it. (The standard deviation of a window with one reading is not
 * judged at all: it is undefined, not 0.)
 *
 * <p>State: none of its own; it reads the series' trailing windows ({@code history.windows} values
 * per series). Cost: one sort of that many values per judged window.
 */
public record RatioRule(String measure, double factor, int minHistory) implements AnomalyRule {
  public RatioRule {
    if (!(factor > 1)) {
      throw new IllegalArgumentException("a ratio rule's factor must be above 1, not " + factor);
    }
  }

  @Override
  public Verdict judge(double value, List<Double> history) {
    if (history.size() < minHistory || history.isEmpty()) {
      return null;
    }
    double[] values = Samples.sorted(history);
    double median = Samples.quantile(values, 0.5);
    double upper = factor * Samples.quantile(values, 0.75);
    double lower = Samples.quantile(values, 0.25) / factor;
    if (!(upper > 0)) {
      return null; // no scale to compare with
    }
    return value > upper
        ? new Verdict(name(), measure, true, value, median, upper)
        : new Verdict(name(), measure, value < lower, value, median, lower);
  }

  @Override
  public String name() {
    return "ratio";
  }
}
