package dev.tskafka.streams.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RunningStatsTest {
  static final Random RANDOM = new Random(42);

  /** Exact two-pass statistics in BigDecimal-free double arithmetic, the reference. */
  static double[] exact(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / values.length;
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    return new double[] {
      mean,
      Math.sqrt(ss / (values.length - 1)),
      Arrays.stream(values).min().orElseThrow(),
      Arrays.stream(values).max().orElseThrow(),
      sum
    };
  }

  static double[] random(int n, double offset, double spread) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = offset + RANDOM.nextGaussian() * spread;
    }
    return values;
  }

  static void assertMatches(RunningStats stats, double[] values) {
    double[] expected = exact(values);
    double tolerance = 1e-9 * Math.max(1, Math.abs(expected[0]));
    assertThat(stats.count()).isEqualTo(values.length);
    assertThat(stats.mean()).isCloseTo(expected[0], within(tolerance));
    assertThat(stats.stddev()).isCloseTo(expected[1], within(1e-7 * Math.max(1, expected[1])));
    assertThat(stats.min()).isEqualTo(expected[2]);
    assertThat(stats.max()).isEqualTo(expected[3]);
    assertThat(stats.sum())
        .isCloseTo(expected[4], within(1e-6 * Math.max(1, Math.abs(expected[4]))));
  }

  @RepeatedTest(5)
  void shouldMatchExactStatisticsOnRandomData() {
    double[] values = random(1 + RANDOM.nextInt(5_000), RANDOM.nextDouble() * 100, 10);
    RunningStats stats = new RunningStats();
    for (int i = 0; i < values.length; i++) {
      stats.add(values[i], i);
    }
    assertMatches(stats, values);
    assertThat(stats.first()).isEqualTo(values[0]);
    assertThat(stats.last()).isEqualTo(values[values.length - 1]);
  }

  @Test
  void shouldStayPreciseWhenTheMeanDwarfsTheSpread() {
    // Sum-of-squares variance collapses here: 1e9 + tiny noise.
    double[] values = random(10_000, 1e9, 0.001);
    RunningStats stats = new RunningStats();
    for (double v : values) {
      stats.add(v, 0);
    }
    assertThat(stats.stddev()).isCloseTo(exact(values)[1], within(1e-6));
  }

  @Test
  void shouldTakeFirstAndLastByEventTimeNotArrival() {
    RunningStats stats = new RunningStats();
    stats.add(2, 200);
    stats.add(1, 100); // late arrival, earlier event
    stats.add(3, 300);
    assertThat(stats.first()).isEqualTo(1);
    assertThat(stats.last()).isEqualTo(3);
  }

  @Test
  void shouldRoundTripThroughItsFields() {
    RunningStats stats = new RunningStats();
    stats.add(1.5, 1);
    stats.add(4.5, 2);
    RunningStats copy = RunningStats.restore(stats.longs(), stats.doubles());
    assertThat(copy.mean()).isEqualTo(3.0);
    assertThat(copy.stddev()).isEqualTo(stats.stddev());
    assertThat(copy.last()).isEqualTo(4.5);
  }
}
