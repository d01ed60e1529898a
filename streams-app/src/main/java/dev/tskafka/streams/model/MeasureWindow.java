package dev.tskafka.streams.model;

import dev.tskafka.streams.stats.Percentiles;
import dev.tskafka.streams.stats.RunningStats;

/** A measure's statistics and quantile sketch within one window. */
public record MeasureWindow(RunningStats stats, Percentiles percentiles) {

  public static MeasureWindow empty() {
    return new MeasureWindow(new RunningStats(), new Percentiles());
  }

  public void add(double value, long eventTime) {
    stats.add(value, eventTime);
    percentiles.add(value);
  }
}
