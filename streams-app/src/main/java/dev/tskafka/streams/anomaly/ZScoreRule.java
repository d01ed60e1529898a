package dev.tskafka.streams.anomaly;

import dev.tskafka.streams.stats.RunningStats;
import java.util.List;

/**
 * Anomalous when the value lies more than {@code sigmas} standard deviations from the mean of the
 * series' trailing windows (the seed's 3-sigma query), judged once at least {@code minHistory}
 * windows exist. A flat baseline (deviation 0) flags any change.
 */
public record ZScoreRule(String measure, double sigmas, int minHistory) implements AnomalyRule {

  @Override
  public Verdict judge(double value, List<Double> history) {
    if (history.size() < minHistory) {
      return null;
    }
    RunningStats baseline = new RunningStats();
    for (double v : history) {
      baseline.add(v, 0);
    }
    double mean = baseline.mean();
    double limit = sigmas * baseline.stddev();
    boolean anomalous = Math.abs(value - mean) > limit;
    return new Verdict(name(), measure, anomalous, value, mean, limit);
  }

  @Override
  public String name() {
    return "zscore";
  }
}
