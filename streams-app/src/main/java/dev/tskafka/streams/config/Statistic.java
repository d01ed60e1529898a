package dev.tskafka.streams.config;

import dev.tskafka.streams.model.MeasureWindow;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** A per-window statistic of a measure, as named in output fields and rules. */
public enum Statistic {
  COUNT(w -> w.stats().count()),
  SUM(w -> w.stats().sum()),
  MIN(w -> w.stats().min()),
  MAX(w -> w.stats().max()),
  MEAN(w -> w.stats().mean()),
  STDDEV(w -> w.stats().stddev()),
  FIRST(w -> w.stats().first()),
  LAST(w -> w.stats().last()),
  P50(w -> w.percentiles().quantile(0.50)),
  P90(w -> w.percentiles().quantile(0.90)),
  P95(w -> w.percentiles().quantile(0.95)),
  P99(w -> w.percentiles().quantile(0.99));

  private final ToDoubleFunction<MeasureWindow> extractor;

  Statistic(ToDoubleFunction<MeasureWindow> extractor) {
    this.extractor = extractor;
  }

  public double of(MeasureWindow window) {
    return extractor.applyAsDouble(window);
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Statistic parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'"
              + text.trim()
              + "' is not a statistic (count, sum, min, max, mean, stddev, first,"
              + " last, p50, p90, p95, p99)");
    }
  }
}
