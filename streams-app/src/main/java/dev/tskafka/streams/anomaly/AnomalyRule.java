package dev.tskafka.streams.anomaly;

import dev.tskafka.streams.stats.HourlyMoments;
import java.util.List;

/** A small pure rule over one measure's window value and the series' earlier windows. */
public interface AnomalyRule {
  /**
   * @param value this window's value of the measure (e.g. its mean or max)
   * @param history the same value for the previous windows of the series, oldest first
   * @return the verdict, or null when the rule cannot judge yet (not enough history)
   */
  Verdict judge(double value, List<Double> history);

  /**
   * Judges with the series' trailing day of raw readings as well: rules that read it ({@link
   * #readsTrailingDay()}) override this; the others ignore {@code day}.
   *
   * @param day the pooled readings of the trailing day ({@link HourlyMoments.Day#NONE} before the
   *     first), or null for a rule that does not read it
   */
  default Verdict judge(double value, List<Double> history, HourlyMoments.Day day) {
    return judge(value, history);
  }

  /** Whether the rule judges against the trailing day ({@link HourlyMoments}), kept only if so. */
  default boolean readsTrailingDay() {
    return false;
  }

  String name();

  /** How many earlier windows the rule needs before it judges at all (0: none). */
  default int minHistory() {
    return 0;
  }
}
