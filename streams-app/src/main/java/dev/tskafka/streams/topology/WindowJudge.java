package dev.tskafka.streams.topology;

import dev.tskafka.streams.anomaly.Verdict;
import dev.tskafka.streams.config.RuleSpec;
import dev.tskafka.streams.config.Statistic;
import dev.tskafka.streams.model.MeasureWindow;
import dev.tskafka.streams.model.SeriesHistory;
import dev.tskafka.streams.stats.HourlyMoments;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The anomaly rules applied to one closed window of a series, against that series' earlier windows:
 * the one place where a window meets its rules, for the topology and for the rules' quality
 * benchmark alike. Pure: it reads the history and leaves appending to the caller.
 */
public final class WindowJudge {
  private WindowJudge() {}

  /**
   * @param measures the closed window's statistics per measure
   * @param windowStart when the window started (epoch ms): which hours of readings it is judged
   *     against
   * @param past the series' earlier windows (not changed here)
   * @param tracked receives each rule's value under its label ({@code measure.statistic}), to be
   *     appended to the history once the window is judged ({@link #remember})
   * @return the anomalous verdicts, in the order of the rules
   */
  public static List<Verdict> anomalies(
      List<RuleSpec> rules,
      Map<String, MeasureWindow> measures,
      long windowStart,
      SeriesHistory past,
      Map<String, Double> tracked) {
    List<Verdict> anomalies = new ArrayList<>();
    for (RuleSpec rule : rules) {
      MeasureWindow window = measures.get(rule.measure());
      if (window == null) {
        continue;
      }
      if (rule.statistic() == Statistic.STDDEV && window.stats().count() < 2) {
        continue; // the spread of a single reading is not 0 but undefined: nothing to judge
      }
      String label = rule.measure() + "." + rule.statistic().label();
      double value = rule.statistic().of(window);
      HourlyMoments.Baseline baseline = rule.rule().hourlyBaseline();
      HourlyMoments.Day day = null;
      if (baseline != null) {
        HourlyMoments hourly = past.hourly().get(rule.measure());
        day = hourly == null ? HourlyMoments.Day.NONE : hourly.of(baseline, windowStart);
      }
      Verdict verdict = rule.rule().judge(value, past.of(label), day);
      if (verdict != null && verdict.anomalous()) {
        anomalies.add(verdict);
      }
      tracked.put(label, value);
    }
    return anomalies;
  }

  /**
   * Adds a judged window to the series' history: the tracked values (keeping {@code keep} per
   * label), and the window's readings to the hourly moments of each measure a rule judges against
   * them.
   */
  public static void remember(
      List<RuleSpec> rules,
      Map<String, MeasureWindow> measures,
      long windowStart,
      Map<String, Double> tracked,
      SeriesHistory past,
      int keep) {
    tracked.forEach((label, value) -> past.append(label, value, keep));
    Set<String> read = new HashSet<>();
    for (RuleSpec rule : rules) {
      if (rule.rule().hourlyBaseline() != null && read.add(rule.measure())) {
        MeasureWindow window = measures.get(rule.measure());
        if (window != null) {
          past.hourly(rule.measure()).add(windowStart, window.stats());
        }
      }
    }
    // A measure no rule reads any more (the settings changed) keeps no hourly moments.
    past.hourly().keySet().retainAll(read);
  }
}
