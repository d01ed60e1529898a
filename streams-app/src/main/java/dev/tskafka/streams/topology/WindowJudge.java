package dev.tskafka.streams.topology;

import dev.tskafka.streams.anomaly.Verdict;
import dev.tskafka.streams.config.RuleSpec;
import dev.tskafka.streams.model.MeasureWindow;
import dev.tskafka.streams.model.SeriesHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The anomaly rules applied to one closed window of a series, against that series' earlier windows:
 * the one place where a window meets its rules, for the topology and for the rules' quality
 * benchmark alike. Pure: it reads the history and leaves appending to the caller.
 */
public final class WindowJudge {
  private WindowJudge() {}

  /**
   * @param measures the closed window's statistics per measure
   * @param past the series' earlier windows (not changed here)
   * @param tracked receives each rule's value under its label ({@code measure.statistic}), to be
   *     appended to the history once the window is judged
   * @return the anomalous verdicts, in the order of the rules
   */
  public static List<Verdict> anomalies(
      List<RuleSpec> rules,
      Map<String, MeasureWindow> measures,
      SeriesHistory past,
      Map<String, Double> tracked) {
    List<Verdict> anomalies = new ArrayList<>();
    for (RuleSpec rule : rules) {
      MeasureWindow window = measures.get(rule.measure());
      if (window == null) {
        continue;
      }
      String label = rule.measure() + "." + rule.statistic().label();
      double value = rule.statistic().of(window);
      Verdict verdict = rule.rule().judge(value, past.of(label));
      if (verdict != null && verdict.anomalous()) {
        anomalies.add(verdict);
      }
      tracked.put(label, value);
    }
    return anomalies;
  }
}
