package dev.tskafka.streams.anomaly;

import java.util.Arrays;
import java.util.List;

/** Order statistics of a series' trailing windows, for the rules that read them. */
final class Samples {
  private Samples() {}

  /** The values, sorted ascending, in an array of their own. */
  static double[] sorted(List<Double> values) {
    double[] sorted = new double[values.size()];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = values.get(i);
    }
    Arrays.sort(sorted);
    return sorted;
  }

  /** The {@code q} quantile of non-empty sorted values, interpolated between neighbours. */
  static double quantile(double[] sorted, double q) {
    double at = q * (sorted.length - 1);
    int below = (int) Math.floor(at);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
  }
}
