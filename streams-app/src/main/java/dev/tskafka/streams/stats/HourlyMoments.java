package dev.tskafka.streams.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The count, mean and variance of a measure's raw readings per hour, for the last 24 hours of one
 * series: what the seed's 3-sigma query computes over {@code ago(24h)}, kept in bounded state (24
 * slots of a count, a mean and a sum of squared deviations, 768 bytes). A closed window is merged
 * into the slot of its hour with Chan et al.'s formula; a slot is reused once its hour is a day
 * old.
 */
public final class HourlyMoments {
  public static final int HOURS = 24;
  private static final long HOUR_MS = 3_600_000L;
  private static final long EMPTY = Long.MIN_VALUE;

  private final long[] hour = new long[HOURS]; // the epoch hour each slot holds, or EMPTY
  private final long[] count = new long[HOURS];
  private final double[] mean = new double[HOURS];
  private final double[] m2 = new double[HOURS];

  public HourlyMoments() {
    Arrays.fill(hour, EMPTY);
  }

  /**
   * The pooled readings of the trailing day: how many, their mean and sample standard deviation.
   */
  public record Day(long count, double mean, double stddev, int hours) {
    /** No readings yet. */
    public static final Day NONE = new Day(0, Double.NaN, 0, 0);
  }

  /**
   * Adds a closed window's readings, which started at {@code windowStart} (epoch ms). The windows
   * must not overlap and last at most an hour (checked with the rule's settings), or readings would
   * count twice or spill into an hour they do not belong to.
   */
  public void add(long windowStart, RunningStats window) {
    long h = Math.floorDiv(windowStart, HOUR_MS);
    int slot = Math.floorMod(h, HOURS);
    if (hour[slot] > h || window.count() == 0) {
      return; // a window a day older than what the slot holds: past the trailing day
    }
    if (hour[slot] != h) {
      hour[slot] = h;
      count[slot] = 0;
      mean[slot] = 0;
      m2[slot] = 0;
    }
    double windowM2 = window.count() > 1 ? sq(window.stddev()) * (window.count() - 1) : 0;
    merge(slot, window.count(), window.mean(), windowM2);
  }

  private void merge(int slot, long n, double m, double squares) {
    long total = count[slot] + n;
    double delta = m - mean[slot];
    mean[slot] += delta * n / total;
    m2[slot] += squares + delta * delta * ((double) count[slot] * n / total);
    count[slot] = total;
  }

  /**
   * The readings of the 24 hours before {@code windowStart}, pooled: the 23 hours before its hour,
   * with that hour's earlier windows, or the hour a day before when this is the hour's first window
   * (the two share a slot, so a day is at most 24 slots whichever the slot holds).
   */
  public Day trailingDay(long windowStart) {
    long now = Math.floorDiv(windowStart, HOUR_MS);
    long n = 0;
    double m = 0;
    double squares = 0;
    int hours = 0;
    for (int slot = 0; slot < HOURS; slot++) {
      if (hour[slot] == EMPTY || hour[slot] > now || hour[slot] < now - HOURS || count[slot] == 0) {
        continue;
      }
      hours++;
      long total = n + count[slot];
      double delta = mean[slot] - m;
      m += delta * count[slot] / total;
      squares += m2[slot] + delta * delta * ((double) n * count[slot] / total);
      n = total;
    }
    double stddev = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
    return new Day(n, n == 0 ? Double.NaN : m, stddev, hours);
  }

  private static double sq(double v) {
    return v * v;
  }

  /** Writes the slots that hold an hour: their number, then hour, count, mean, m2 each. */
  public void writeTo(DataOutput out) throws IOException {
    int held = 0;
    for (long h : hour) {
      held += h == EMPTY ? 0 : 1;
    }
    out.writeInt(held);
    for (int slot = 0; slot < HOURS; slot++) {
      if (hour[slot] != EMPTY) {
        out.writeLong(hour[slot]);
        out.writeLong(count[slot]);
        out.writeDouble(mean[slot]);
        out.writeDouble(m2[slot]);
      }
    }
  }

  /** Reads what {@link #writeTo} wrote. */
  public static HourlyMoments readFrom(DataInput in) throws IOException {
    HourlyMoments moments = new HourlyMoments();
    int held = in.readInt();
    if (held < 0 || held > HOURS) {
      throw new IOException("hourly moments hold " + held + " slots, not 0 to " + HOURS);
    }
    for (int i = 0; i < held; i++) {
      long h = in.readLong();
      int slot = Math.floorMod(h, HOURS);
      moments.hour[slot] = h;
      moments.count[slot] = in.readLong();
      moments.mean[slot] = in.readDouble();
      moments.m2[slot] = in.readDouble();
    }
    return moments;
  }
}
