package dev.tskafka.streams.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PercentilesTest {
  /** The exact value at quantile q: the element of rank floor(q * (n - 1)). */
  static double exactQuantile(double[] sorted, double q) {
    return sorted[(int) Math.floor(q * (sorted.length - 1))];
  }

  static double[] sample(String distribution, int n, Random random) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] =
          switch (distribution) {
            case "lognormal-latency" -> Math.exp(3 + random.nextGaussian()); // ms, long tail
            case "uniform" -> 10 + random.nextDouble() * 990;
            case "pareto" -> 5 / Math.pow(1 - random.nextDouble(), 1 / 1.5);
            default -> throw new IllegalArgumentException(distribution);
          };
    }
    return values;
  }

  @ParameterizedTest
  @ValueSource(strings = {"lognormal-latency", "uniform", "pareto"})
  void shouldKeepP50ToP99WithinTheStatedRelativeError(String distribution) {
    Random random = new Random(7);
    double[] values = sample(distribution, 100_000, random);
    Percentiles a = new Percentiles();
    for (double v : values) {
      a.add(v);
    }
    Percentiles decoded = Percentiles.fromBytes(a.toBytes());
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    for (double q : new double[] {0.5, 0.9, 0.95, 0.99}) {
      double exact = exactQuantile(sorted, q);
      double relativeError = Math.abs(decoded.quantile(q) - exact) / exact;
      assertThat(relativeError)
          .as("%s p%s", distribution, q * 100)
          .isLessThanOrEqualTo(Percentiles.RELATIVE_ACCURACY);
    }
    assertThat(a.toBytes().length).as("encoded sketch bytes").isLessThan(8_192);
  }
}
