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
   * Judges with the series' raw readings per hour as well: rules that read them ({@link
   * #hourlyBaseline()}) override this; the others ignore {@code day}.
   *
   * @param day the pooled readings of the rule's {@link #hourlyBaseline()} ({@link
   *     HourlyMoments.Day#NONE} before there are any), or null for a rule that reads none
   */
  default Verdict judge(double value, List<Double> history, HourlyMoments.Day day) {
    return judge(value, history);
  }

  /**
   * The hourly readings the rule judges against ({@link HourlyMoments}, kept only for measures such
   * a rule judges), or null.
   */
  default HourlyMoments.Baseline hourlyBaseline() {
    return null;
  }

  String name();

  /** How many earlier windows the rule needs before it judges at all (0: none). */
  default int minHistory() {
    return 0;
  }
}
