package dev.tskafka.streams.anomaly;

/** The bound of the rules that take a minimum deviation from their baseline. */
final class MinimumDeviation {
  private MinimumDeviation() {}

  /**
   * {@code spreadBound} (k spreads of the baseline), or the minimum deviation when that is larger:
   * {@code minimum} in units, or with {@code relative} that fraction of the baseline's magnitude.
   */
  static double bound(double spreadBound, double baseline, double minimum, boolean relative) {
    return Math.max(spreadBound, relative ? minimum * Math.abs(baseline) : minimum);
  }
}
