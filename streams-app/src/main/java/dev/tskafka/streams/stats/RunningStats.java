package dev.tskafka.streams.stats;

/**
 * Count, sum, min, max, mean and variance of a stream of values, numerically stable: values are
 * added with Welford's update, never through a sum of squares (which loses all precision when the
 * mean is large against the spread). {@link HourlyMoments} pools such summaries. Also keeps the
 * first and last value by event time.
 */
public final class RunningStats {
  private long count;
  private double sum;
  private double mean;
  private double m2;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double first;
  private long firstTime = Long.MAX_VALUE;
  private double last;
  private long lastTime = Long.MIN_VALUE;

  /** Adds one value observed at {@code eventTime} (epoch ms). */
  public void add(double value, long eventTime) {
    count++;
    sum += value;
    double delta = value - mean;
    mean += delta / count;
    m2 += delta * (value - mean);
    min = Math.min(min, value);
    max = Math.max(max, value);
    if (eventTime < firstTime) {
      firstTime = eventTime;
      first = value;
    }
    if (eventTime >= lastTime) {
      lastTime = eventTime;
      last = value;
    }
  }

  public long count() {
    return count;
  }

  public double sum() {
    return sum;
  }

  public double mean() {
    return count == 0 ? Double.NaN : mean;
  }

  /** Sample standard deviation (n - 1), as SQL's stddev; 0 for a single value, NaN for none. */
  public double stddev() {
    if (count == 0) {
      return Double.NaN;
    }
    return count == 1 ? 0 : Math.sqrt(m2 / (count - 1));
  }

  public double min() {
    return count == 0 ? Double.NaN : min;
  }

  public double max() {
    return count == 0 ? Double.NaN : max;
  }

  public double first() {
    return count == 0 ? Double.NaN : first;
  }

  public double last() {
    return count == 0 ? Double.NaN : last;
  }

  /** The fields in a fixed order, for serialization: see {@link #restore}. */
  public double[] doubles() {
    return new double[] {sum, mean, m2, min, max, first, last};
  }

  public long[] longs() {
    return new long[] {count, firstTime, lastTime};
  }

  public static RunningStats restore(long[] longs, double[] doubles) {
    RunningStats s = new RunningStats();
    s.count = longs[0];
    s.firstTime = longs[1];
    s.lastTime = longs[2];
    s.sum = doubles[0];
    s.mean = doubles[1];
    s.m2 = doubles[2];
    s.min = doubles[3];
    s.max = doubles[4];
    s.first = doubles[5];
    s.last = doubles[6];
    return s;
  }
}
