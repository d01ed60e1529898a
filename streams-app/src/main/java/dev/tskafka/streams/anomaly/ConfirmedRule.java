package dev.tskafka.streams.anomaly;

import dev.tskafka.streams.stats.HourlyMoments;
import java.util.List;

/**
 * k-of-n confirmation of another rule: a window is flagged only when {@code rule} finds it
 * anomalous and also found at least {@code k - 1} of the {@code n - 1} windows before it anomalous.
 * Noise that crosses a bound once in a while seldom does so twice in a row, while an incident that
 * lasts keeps crossing it: the false alarms of independent noise fall from p to about C(n-1, k-1) ·
 * p^k per window, for a delay of k - 1 windows. An incident shorter than k windows is not flagged.
 *
 * <p>State: none of its own; the earlier verdicts are judged again from the series' trailing
 * windows (each against the windows before it that the history still keeps, so the oldest of them
 * may see a shorter baseline than it did when it closed; a rule of the trailing day judges them
 * against today's trailing day, which moves little from one window to the next; a seasonal rule is
 * refused, since the hour a day before differs from window to window). Cost: n judgements of the
 * rule per window.
 */
public record ConfirmedRule(AnomalyRule rule, int k, int n) implements AnomalyRule {
  public ConfirmedRule {
    if (k < 1 || n < k) {
      throw new IllegalArgumentException(
          "confirmation " + k + "of" + n + " needs 1 <= k <= n (e.g. 2of3)");
    }
  }

  @Override
  public Verdict judge(double value, List<Double> history) {
    return judge(value, history, null);
  }

  @Override
  public Verdict judge(double value, List<Double> history, HourlyMoments.Day day) {
    Verdict now = rule.judge(value, history, day);
    if (now == null || !now.anomalous()) {
      return now;
    }
    int hits = 1;
    for (int back = 1; back < n && hits < k; back++) {
      int at = history.size() - back;
      if (at < 0) {
        break;
      }
      Verdict before = rule.judge(history.get(at), history.subList(0, at), day);
      if (before != null && before.anomalous()) {
        hits++;
      }
    }
    return hits >= k
        ? now
        : new Verdict(
            now.rule(), now.measure(), false, now.value(), now.baseline(), now.threshold());
  }

  @Override
  public String name() {
    return rule.name();
  }

  @Override
  public HourlyMoments.Baseline hourlyBaseline() {
    return rule.hourlyBaseline();
  }

  @Override
  public int minHistory() {
    return rule.minHistory();
  }
}
