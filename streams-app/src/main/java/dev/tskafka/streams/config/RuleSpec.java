package dev.tskafka.streams.config;

import dev.tskafka.streams.anomaly.AnomalyRule;
import dev.tskafka.streams.anomaly.ChangeRule;
import dev.tskafka.streams.anomaly.ConfirmedRule;
import dev.tskafka.streams.anomaly.EwmaRule;
import dev.tskafka.streams.anomaly.MadRule;
import dev.tskafka.streams.anomaly.RatioRule;
import dev.tskafka.streams.anomaly.SeasonalRule;
import dev.tskafka.streams.anomaly.ThresholdRule;
import dev.tskafka.streams.anomaly.TrailingDayRule;
import dev.tskafka.streams.anomaly.ZScoreRule;
import dev.tskafka.streams.stats.HourlyMoments;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An anomaly rule on one statistic of one measure, written {@code measure.statistic:rule:args}:
 *
 * <ul>
 *   <li>{@code cpu_percent.max:above:90}, {@code free_mb.min:below:512}: static thresholds;
 *   <li>{@code latency_ms.p99:zscore:3}, {@code ...:zscore:3:10}, {@code ...:zscore:3:10:50%},
 *       {@code cpu_percent.mean:zscore:3:10:20}: beyond 3 sigma of the trailing windows, judged
 *       once 10 (default 5) windows exist, and by at least 50 % of the baseline (or 20 units;
 *       default 0);
 *   <li>{@code humidity.mean:mad:3.5:10:5}: the same with the median and the median absolute
 *       deviation of the trailing windows (robust to outliers in the baseline), 3.5 scaled MADs;
 *   <li>{@code cpu_percent.mean:ewma:4:0.3:10:20}: the z-score against the exponentially weighted
 *       mean and variance of the trailing windows (weight 0.3 on the newest, default 0.3), judged
 *       once 10 (default 5) windows exist, and by at least 20 units (or a percentage; default 0);
 *   <li>{@code latency_ms.stddev:ratio:3:10}: more than 3 times the upper quartile of the trailing
 *       windows, or less than their lower quartile / 3, judged once 10 (default 5) windows exist
 *       (for spreads);
 *   <li>{@code temperature.max:sigma24h:3}, {@code ...:sigma24h:3:6}: the seed's 3-sigma query, the
 *       statistic against the mean and standard deviation of the series' raw readings over the
 *       trailing 24 h, judged once they cover 1 (or 6) hours;
 *   <li>{@code temperature.mean:seasonal:4:0.5}: the statistic against the mean and standard
 *       deviation of the raw readings of the same hour the day before, and by at least 0.5 units
 *       (or a percentage; default 0);
 *   <li>any rule but a seasonal one followed by {@code :KofN}, e.g. {@code
 *       humidity.mean:mad:5:10:5:2of3}: flagged only when the rule also flagged k - 1 of the n - 1
 *       windows before ({@link ConfirmedRule});
 *   <li>{@code price.mean:change_percent:5}, {@code price.mean:change:2.5}: change against the
 *       previous window.
 * </ul>
 */
public record RuleSpec(String measure, Statistic statistic, AnomalyRule rule) {
  private static final Pattern CONFIRMATION = Pattern.compile("(\\d+)of(\\d+)");

  /** Which argument (from 0) of a kind of rule is its minimum deviation, in units or percent. */
  private static final Map<String, Integer> MINIMUM_ARGUMENT =
      Map.of("zscore", 2, "mad", 2, "ewma", 3, "seasonal", 1);

  /** How many arguments each kind of rule reads: more is a mistake, not something to ignore. */
  private static final Map<String, Integer> MOST_ARGUMENTS =
      Map.of(
          "above",
          1,
          "below",
          1,
          "zscore",
          3,
          "mad",
          3,
          "ewma",
          4,
          "ratio",
          2,
          "sigma24h",
          2,
          "seasonal",
          2,
          "change",
          1,
          "change_percent",
          1);

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
    // Any rule may end with k-of-n confirmation, e.g. ...:zscore:3:10:2of3.
    Matcher confirm = CONFIRMATION.matcher(parts[parts.length - 1].trim().toLowerCase(Locale.ROOT));
    boolean confirmed = parts.length > 3 && confirm.matches();
    if (confirmed) {
      parts = Arrays.copyOf(parts, parts.length - 1);
    }
    // Only a minimum deviation may be a percentage (of the baseline).
    Integer minimumArg = MINIMUM_ARGUMENT.get(kind);
    int minimumAt = minimumArg == null ? -1 : minimumArg + 2;
    boolean relativeMinimum =
        minimumArg != null && parts.length > minimumAt && parts[minimumAt].trim().endsWith("%");
    if (relativeMinimum) {
      parts[minimumAt] = parts[minimumAt].trim().substring(0, parts[minimumAt].trim().length() - 1);
    }
    List<Double> args = Arrays.stream(parts).skip(2).map(Double::parseDouble).toList();
    int most = MOST_ARGUMENTS.getOrDefault(kind, Integer.MAX_VALUE);
    if (args.size() > most) {
      throw new IllegalArgumentException(
          "rule '"
              + text.trim()
              + "' has "
              + args.size()
              + " arguments; a "
              + kind
              + " rule takes at most "
              + most);
    }
    double minimum =
        minimumArg == null || args.size() <= minimumArg
            ? 0
            : relativeMinimum ? args.get(minimumArg) / 100 : args.get(minimumArg);
    String label = measure + "." + statistic.label();
    AnomalyRule rule =
        switch (kind) {
          case "above" -> new ThresholdRule(label, ThresholdRule.Direction.ABOVE, args.get(0));
          case "below" -> new ThresholdRule(label, ThresholdRule.Direction.BELOW, args.get(0));
          case "zscore", "mad" -> {
            double k = args.get(0);
            int minHistory = args.size() > 1 ? args.get(1).intValue() : 5;
            yield kind.equals("mad")
                ? new MadRule(label, k, minHistory, minimum, relativeMinimum)
                : new ZScoreRule(label, k, minHistory, minimum, relativeMinimum);
          }
          case "ewma" ->
              new EwmaRule(
                  label,
                  args.get(0),
                  args.size() > 1 ? args.get(1) : 0.3,
                  args.size() > 2 ? args.get(2).intValue() : 5,
                  minimum,
                  relativeMinimum);
          case "ratio" ->
              new RatioRule(label, args.get(0), args.size() > 1 ? args.get(1).intValue() : 5);
          case "sigma24h" ->
              new TrailingDayRule(label, args.get(0), args.size() > 1 ? args.get(1).intValue() : 1);
          case "seasonal" -> new SeasonalRule(label, args.get(0), minimum, relativeMinimum);
          case "change" -> new ChangeRule(label, false, args.get(0));
          case "change_percent" -> new ChangeRule(label, true, args.get(0));
          default ->
              throw new IllegalArgumentException(
                  "unknown rule '"
                      + kind
                      + "' (above, below, zscore, mad, ewma, ratio, sigma24h, seasonal, change,"
                      + " change_percent)");
        };
    if (confirmed && rule.hourlyBaseline() == HourlyMoments.Baseline.SAME_HOUR_YESTERDAY) {
      throw new IllegalArgumentException(
          "rule '"
              + text.trim()
              + "': a seasonal rule cannot be confirmed k-of-n (its earlier windows would be judged"
              + " against the wrong hour of the day before)");
    }
    if (confirmed) {
      rule =
          new ConfirmedRule(
              rule, Integer.parseInt(confirm.group(1)), Integer.parseInt(confirm.group(2)));
    }
    return new RuleSpec(measure, statistic, rule);
  }
}
