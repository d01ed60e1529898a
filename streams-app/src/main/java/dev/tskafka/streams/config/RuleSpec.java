package dev.tskafka.streams.config;

import dev.tskafka.streams.anomaly.AnomalyRule;
import dev.tskafka.streams.anomaly.ChangeRule;
import dev.tskafka.streams.anomaly.ThresholdRule;
import dev.tskafka.streams.anomaly.ZScoreRule;
import java.util.List;
import java.util.Locale;

/**
 * An anomaly rule on one statistic of one measure, written {@code measure.statistic:rule:args}:
 *
 * <ul>
 *   <li>{@code cpu_percent.max:above:90}, {@code free_mb.min:below:512}: static thresholds;
 *   <li>{@code latency_ms.p99:zscore:3}, {@code ...:zscore:3:10}, {@code ...:zscore:3:10:50%},
 *       {@code cpu_percent.mean:zscore:3:10:20}: beyond 3 sigma of the trailing windows, judged
 *       once 10 (default 5) windows exist, and by at least 50 % of the baseline (or 20 units;
 *       default 0);
 *   <li>{@code price.mean:change_percent:5}, {@code price.mean:change:2.5}: change against the
 *       previous window.
 * </ul>
 */
public record RuleSpec(String measure, Statistic statistic, AnomalyRule rule) {

  public static RuleSpec parse(String text) {
    String[] parts = text.trim().split(":");
    if (parts.length < 3) {
      throw new IllegalArgumentException(
          "rule '" + text.trim() + "' must be measure.statistic:rule:args");
    }
    int dot = parts[0].lastIndexOf('.');
    if (dot <= 0) {
      throw new IllegalArgumentException(
          "rule '" + text.trim() + "' must name measure.statistic, e.g. cpu_percent.max");
    }
    String measure = parts[0].substring(0, dot);
    Statistic statistic = Statistic.parse(parts[0].substring(dot + 1));
    String kind = parts[1].trim().toLowerCase(Locale.ROOT);
    // Only a z-score rule's minimum deviation (its third argument) may be a percentage.
    boolean relativeMinimum =
        kind.equals("zscore") && parts.length > 4 && parts[4].trim().endsWith("%");
    if (relativeMinimum) {
      parts[4] = parts[4].trim().substring(0, parts[4].trim().length() - 1);
    }
    List<Double> args = java.util.Arrays.stream(parts).skip(2).map(Double::parseDouble).toList();
    String label = measure + "." + statistic.label();
    AnomalyRule rule =
        switch (kind) {
          case "above" -> new ThresholdRule(label, ThresholdRule.Direction.ABOVE, args.get(0));
          case "below" -> new ThresholdRule(label, ThresholdRule.Direction.BELOW, args.get(0));
          case "zscore" ->
              new ZScoreRule(
                  label,
                  args.get(0),
                  args.size() > 1 ? args.get(1).intValue() : 5,
                  args.size() > 2 ? (relativeMinimum ? args.get(2) / 100 : args.get(2)) : 0,
                  relativeMinimum);
          case "change" -> new ChangeRule(label, false, args.get(0));
          case "change_percent" -> new ChangeRule(label, true, args.get(0));
          default ->
              throw new IllegalArgumentException(
                  "unknown rule '" + kind + "' (above, below, zscore, change, change_percent)");
        };
    return new RuleSpec(measure, statistic, rule);
  }
}
