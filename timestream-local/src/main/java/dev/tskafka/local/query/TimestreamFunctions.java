package dev.tskafka.local.query;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.linq4j.function.Strict;

/**
 * Timestream's functions that standard SQL lacks, in the representation Calcite's generated code
 * calls them with: a TIMESTAMP or a day-time INTERVAL is a {@code long} of milliseconds (UTC), an
 * ARRAY a {@link List}, a ROW inside an array an {@code Object[]}. A time series is a list of
 * {@code Object[]{Long time, Double value}} in time order. {@link FunctionRegistry} declares their
 * SQL types.
 */
public final class TimestreamFunctions {
  /** The names {@link FunctionRegistry} registers, all lower case. */
  public static final Set<String> NAMES =
      Set.of(
          "now",
          "ago",
          "bin",
          "sequence",
          "date_trunc",
          "interpolate_linear",
          "interpolate_locf",
          "approx_percentile",
          "create_time_series");

  /** The most elements {@code sequence} makes: beyond this a query is refused, not run. */
  static final int MAX_SEQUENCE_LENGTH = 1_000_000;

  private static final ThreadLocal<Long> QUERY_NOW = new ThreadLocal<>();

  private TimestreamFunctions() {}

  /**
   * Runs {@code body} with {@code now()} fixed at {@code nowMillis}: every call of now() and ago()
   * in one query sees the same instant, as in Timestream.
   */
  static <T> T withNow(long nowMillis, java.util.function.Supplier<T> body) {
    QUERY_NOW.set(nowMillis);
    try {
      return body.get();
    } finally {
      QUERY_NOW.remove();
    }
  }

  public static long now() {
    Long now = QUERY_NOW.get();
    return now != null ? now : System.currentTimeMillis();
  }

  @Strict
  public static long ago(long intervalMillis) {
    return now() - intervalMillis;
  }

  /**
   * The start of the {@code intervalMillis}-long bin {@code time} falls in, bins from the epoch.
   */
  @Strict
  public static long bin(long time, long intervalMillis) {
    if (intervalMillis <= 0) {
      throw new QueryFailure(
          "bin() needs an interval of at least 1ms (timestream-local keeps milliseconds), was "
              + intervalMillis
              + "ms.");
    }
    return time - Math.floorMod(time, intervalMillis);
  }

  /** The timestamps from {@code start} to {@code end} inclusive, {@code step} apart. */
  @Strict
  public static List<Long> sequence(long start, long end, long step) {
    if (step <= 0) {
      throw new QueryFailure("sequence() needs a positive step, was " + step + "ms.");
    }
    if (end >= start && (end - start) / step >= MAX_SEQUENCE_LENGTH) {
      throw new QueryFailure(
          "sequence() would make more than " + MAX_SEQUENCE_LENGTH + " elements.");
    }
    List<Long> out = new ArrayList<>();
    for (long t = start; t <= end; t += step) {
      out.add(t);
    }
    return out;
  }

  /** {@code time} truncated to the start of its {@code unit} (second … year), in UTC. */
  @Strict
  public static long dateTrunc(String unit, long time) {
    ZonedDateTime t = Instant.ofEpochMilli(time).atZone(ZoneOffset.UTC);
    ZonedDateTime truncated =
        switch (unit.toLowerCase(Locale.ROOT)) {
          case "second" -> t.truncatedTo(ChronoUnit.SECONDS);
          case "minute" -> t.truncatedTo(ChronoUnit.MINUTES);
          case "hour" -> t.truncatedTo(ChronoUnit.HOURS);
          case "day" -> t.truncatedTo(ChronoUnit.DAYS);
          case "week" -> t.truncatedTo(ChronoUnit.DAYS).minusDays(t.getDayOfWeek().getValue() - 1L);
          case "month" -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
          case "quarter" ->
              t.truncatedTo(ChronoUnit.DAYS)
                  .withDayOfMonth(1)
                  .withMonth((t.get(IsoFields.QUARTER_OF_YEAR) - 1) * 3 + 1);
          case "year" -> t.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
          default ->
              throw new QueryFailure(
                  "date_trunc() does not know the unit '"
                      + unit
                      + "' (second, minute, hour, day, week, month, quarter, year).");
        };
    return truncated.toInstant().toEpochMilli();
  }

  /**
   * The series' values at {@code points}, linearly interpolated between its neighbours; a point
   * outside the series' first and last time has no value and is left out, as Timestream does.
   */
  @Strict
  public static List<Object[]> interpolateLinear(List<Object[]> series, List<Long> points) {
    List<Object[]> out = new ArrayList<>(points.size());
    for (Long point : points) {
      Double value = linearAt(series, point);
      if (value != null) {
        out.add(new Object[] {point, value});
      }
    }
    return out;
  }

  /** The series' value at one point, or null outside its range. */
  @Strict
  public static Double interpolateLinearAt(List<Object[]> series, long point) {
    return linearAt(series, point);
  }

  /** The series' values at {@code points}, each the last observed value at or before it. */
  @Strict
  public static List<Object[]> interpolateLocf(List<Object[]> series, List<Long> points) {
    List<Object[]> out = new ArrayList<>(points.size());
    for (Long point : points) {
      int at = lastAtOrBefore(series, point);
      if (at >= 0) {
        out.add(new Object[] {point, series.get(at)[1]});
      }
    }
    return out;
  }

  private static Double linearAt(List<Object[]> series, long point) {
    int before = lastAtOrBefore(series, point);
    if (before < 0) {
      return null;
    }
    long t0 = (Long) series.get(before)[0];
    double v0 = ((Number) series.get(before)[1]).doubleValue();
    if (t0 == point) {
      return v0;
    }
    if (before + 1 >= series.size()) {
      return null;
    }
    long t1 = (Long) series.get(before + 1)[0];
    double v1 = ((Number) series.get(before + 1)[1]).doubleValue();
    return v0 + (v1 - v0) * (point - t0) / (double) (t1 - t0);
  }

  /** The index of the last point at or before {@code time}, or -1. */
  private static int lastAtOrBefore(List<Object[]> series, long time) {
    int low = 0;
    int high = series.size() - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if ((Long) series.get(mid)[0] <= time) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  /**
   * {@code approx_percentile(x, p)}, computed exactly: the nearest-rank percentile (the smallest
   * value with at least {@code p} of the values at or below it), which lies within any
   * approximation's error. Keeps every value of the group.
   */
  public static final class ApproxPercentile {
    /** The values of one group and the percentile asked for. */
    public static final class Values {
      private double[] values = new double[16];
      private int size;
      private double percentile = Double.NaN;
    }

    public Values init() {
      return new Values();
    }

    // p is a Number: a literal such as 0.99 reaches the generated call as a BigDecimal.
    public Values add(Values acc, double x, Number p) {
      double percentile = p.doubleValue();
      if (!(percentile >= 0 && percentile <= 1)) {
        throw new QueryFailure(
            "approx_percentile() needs a percentile between 0 and 1, was " + percentile + ".");
      }
      if (acc.size == acc.values.length) {
        acc.values = Arrays.copyOf(acc.values, acc.size * 2);
      }
      acc.values[acc.size++] = x;
      acc.percentile = percentile;
      return acc;
    }

    public Double result(Values acc) {
      if (acc.size == 0) {
        return null;
      }
      double[] sorted = Arrays.copyOf(acc.values, acc.size);
      Arrays.sort(sorted);
      return sorted[nearestRank(acc.percentile, acc.size)];
    }

    /** The 0-based index of the nearest-rank {@code p} percentile among {@code n} values. */
    static int nearestRank(double p, int n) {
      // Nearest rank; the epsilon keeps p·n = 7.000000000000001 (p 0.035, n 200) at rank 7.
      int rank = (int) Math.ceil(p * n - 1e-9);
      return Math.max(0, Math.min(n - 1, rank - 1));
    }
  }

  /** {@code create_time_series(time, value)}: the group's points in time order. */
  public static final class CreateTimeSeries {
    /** The points of one group. */
    public static final class Points {
      private final List<Object[]> points = new ArrayList<>();
    }

    public Points init() {
      return new Points();
    }

    public Points add(Points acc, long time, double value) {
      acc.points.add(new Object[] {time, value});
      return acc;
    }

    public List<Object[]> result(Points acc) {
      List<Object[]> sorted = new ArrayList<>(acc.points);
      sorted.sort((a, b) -> Long.compare((Long) a[0], (Long) b[0]));
      return sorted;
    }
  }
}
