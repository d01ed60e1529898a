package dev.tskafka.streams.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The count, mean and variance of a measure's raw readings per hour, for the last two days of one
 * series: what the seed's 3-sigma query computes over {@code ago(24h)}, and the same hour of the
 * day before, kept in bounded state (48 slots of a count, a mean and a sum of squared deviations,
 * 1,536 bytes). A closed window is merged into the slot of its hour with Chan et al.'s formula; a
 * slot is reused once its hour is two days old.
 */
public final class HourlyMoments {
  /** The hours of a day: the trailing day's length. */
  public static final int HOURS = 24;

  private static final int SLOTS = 2 * HOURS;
  private static final long HOUR_MS = 3_600_000L;
  private static final long EMPTY = Long.MIN_VALUE;

  private final long[] hour = new long[SLOTS]; // the epoch hour each slot holds, or EMPTY
  private final long[] count = new long[SLOTS];
  private final double[] mean = new double[SLOTS];
  private final double[] m2 = new double[SLOTS];

  /** Which readings a rule judges against. */
  public enum Baseline {
    /** The 24 hours before the window ({@link #trailingDay}). */
    TRAILING_DAY,
    /** The window's hour of the day before ({@link #sameHourYesterday}). */
    SAME_HOUR_YESTERDAY
  }

  public HourlyMoments() {
    Arrays.fill(hour, EMPTY);
  }

  /**
   * Pooled readings: how many, their mean and sample standard deviation, and how many hours they
   * came from.
   */
  public record Day(long count, double mean, double stddev, int hours) {
    /** No readings yet. */
    public static final Day NONE = new Day(0, Double.NaN, 0, 0);
  }

  /**
   * Adds a closed window's readings, which started at {@code windowStart} (epoch ms). The windows
   * must not overlap and must divide an hour (checked with the rule's settings), or readings would
   * count twice or spill into an hour they do not belong to.
   */
  public void add(long windowStart, RunningStats window) {
    long h = Math.floorDiv(windowStart, HOUR_MS);
    int slot = Math.floorMod(h, SLOTS);
    if (hour[slot] > h || window.count() == 0) {
      return; // two days older than what the slot holds: past what is kept
    }
    if (hour[slot] != h) {
      hour[slot] = h;
      count[slot] = 0;
      mean[slot] = 0;
      m2[slot] = 0;
    }
    double windowM2 = window.count() > 1 ? sq(window.stddev()) * (window.count() - 1) : 0;
    Moments merged = slotMoments(slot).plus(new Moments(window.count(), window.mean(), windowM2));
    count[slot] = merged.count();
    mean[slot] = merged.mean();
    m2[slot] = merged.m2();
  }

  /** A count, a mean and a sum of squared deviations from it. */
  private record Moments(long count, double mean, double m2) {
    static final Moments NONE = new Moments(0, 0, 0);

    /** Both together: Chan et al.'s parallel formula, never a sum of squares. */
    Moments plus(Moments o) {
      if (o.count == 0) {
        return this;
      }
      long total = count + o.count;
      double delta = o.mean - mean;
      return new Moments(
          total,
          mean + delta * o.count / total,
          m2 + (o.m2 + delta * delta * ((double) count * o.count / total)));
    }

    Day day(int hours) {
      double stddev = count > 1 ? Math.sqrt(m2 / (count - 1)) : 0;
      return new Day(count, count == 0 ? Double.NaN : mean, stddev, hours);
    }
  }

  private Moments slotMoments(int slot) {
    return new Moments(count[slot], mean[slot], m2[slot]);
  }

  /** The readings {@code baseline} names for a window starting at {@code windowStart}. */
  public Day of(Baseline baseline, long windowStart) {
    return baseline == Baseline.TRAILING_DAY
        ? trailingDay(windowStart)
        : sameHourYesterday(windowStart);
  }

  /**
   * The readings of the 24 hours before {@code windowStart}, pooled: the 23 hours before its hour,
   * with that hour's earlier windows, or the hour a day before when this is the hour's first
   * window.
   */
  public Day trailingDay(long windowStart) {
    long now = Math.floorDiv(windowStart, HOUR_MS);
    int current = Math.floorMod(now, SLOTS);
    boolean started = hour[current] == now && count[current] > 0;
    long first = started ? now - HOURS + 1 : now - HOURS;
    Moments pooled = Moments.NONE;
    int hours = 0;
    for (int slot = 0; slot < SLOTS; slot++) {
      if (hour[slot] == EMPTY || hour[slot] > now || hour[slot] < first || count[slot] == 0) {
        continue;
      }
      hours++;
      pooled = pooled.plus(slotMoments(slot));
    }
    return pooled.day(hours);
  }

  /** The readings of the hour a day before {@code windowStart}'s hour, or {@link Day#NONE}. */
  public Day sameHourYesterday(long windowStart) {
    long then = Math.floorDiv(windowStart, HOUR_MS) - HOURS;
    int slot = Math.floorMod(then, SLOTS);
    if (hour[slot] != then || count[slot] == 0) {
      return Day.NONE;
    }
    return slotMoments(slot).day(1);
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
    for (int slot = 0; slot < SLOTS; slot++) {
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
    if (held < 0 || held > SLOTS) {
      throw new IOException("hourly moments hold " + held + " slots, not 0 to " + SLOTS);
    }
    for (int i = 0; i < held; i++) {
      long h = in.readLong();
      int slot = Math.floorMod(h, SLOTS);
      moments.hour[slot] = h;
      moments.count[slot] = in.readLong();
      moments.mean[slot] = in.readDouble();
      moments.m2[slot] = in.readDouble();
    }
    return moments;
  }
}
