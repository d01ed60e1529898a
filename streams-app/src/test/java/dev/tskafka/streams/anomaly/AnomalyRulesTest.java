package dev.tskafka.streams.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tskafka.streams.stats.HourlyMoments;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyRulesTest {
  @Test
  void shouldFlagValueAboveStaticThreshold() {
    ThresholdRule cpu = new ThresholdRule("cpu_percent", ThresholdRule.Direction.ABOVE, 90);
    assertThat(cpu.judge(95, List.of()).anomalous()).isTrue();
    assertThat(cpu.judge(90, List.of()).anomalous()).isFalse();
    assertThat(new ThresholdRule("free", ThresholdRule.Direction.BELOW, 10).judge(5, List.of()))
        .isEqualTo(new Verdict("threshold_below", "free", true, 5, 10, 10));
  }

  @Test
  void shouldFlagValueBeyondThreeSigmaOfTrailingWindows() {
    ZScoreRule rule = new ZScoreRule("latency", 3, 5);
    List<Double> history = List.of(10.0, 12.0, 11.0, 9.0, 13.0, 11.0); // mean 11, sd ~1.414
    assertThat(rule.judge(15, history).anomalous()).isFalse(); // 4 < 4.24
    Verdict spike = rule.judge(16, history);
    assertThat(spike.anomalous()).isTrue();
    assertThat(spike.baseline()).isEqualTo(11.0);
    assertThat(spike.threshold())
        .isCloseTo(3 * Math.sqrt(2.0), org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void shouldNotJudgeBeforeEnoughHistory() {
    assertThat(new ZScoreRule("latency", 3, 5).judge(100, List.of(1.0, 2.0))).isNull();
    assertThat(new ChangeRule("price", true, 5).judge(100, List.of())).isNull();
  }

  @Test
  void shouldFlagChangeAgainstPreviousWindowInPercentOrUnits() {
    ChangeRule percent = new ChangeRule("price", true, 5);
    assertThat(percent.judge(104, List.of(90.0, 100.0)).anomalous()).isFalse();
    assertThat(percent.judge(94, List.of(100.0)).anomalous()).isTrue();
    ChangeRule absolute = new ChangeRule("price", false, 2);
    assertThat(absolute.judge(103, List.of(100.0)))
        .isEqualTo(new Verdict("change_absolute", "price", true, 103, 100, 2));
    assertThat(percent.judge(1, List.of(0.0)).anomalous()).isTrue();
  }

  @Test
  void shouldNotFlagASmallChangeOfAFlatOrQuietSeriesWhenAMinimumDeviationIsSet() {
    List<Double> flat = List.of(40.0, 40.0, 40.0, 40.0, 40.0);
    assertThat(new ZScoreRule("count", 3, 5).judge(41, flat).anomalous())
        .as("without a minimum, a flat baseline flags any change")
        .isTrue();
    ZScoreRule absolute = new ZScoreRule("count", 3, 5, 5, false);
    assertThat(absolute.judge(44, flat).anomalous()).isFalse();
    assertThat(absolute.judge(46, flat)).isEqualTo(new Verdict("zscore", "count", true, 46, 40, 5));
    ZScoreRule half = new ZScoreRule("latency", 3, 5, 0.5, true);
    assertThat(half.judge(59, flat).anomalous()).isFalse(); // 19 < 50 % of 40
    assertThat(half.judge(61, flat).anomalous()).isTrue();
  }

  @Test
  void shouldKeepThreeSigmaWhenItIsWiderThanTheMinimum() {
    List<Double> noisy = List.of(10.0, 12.0, 11.0, 9.0, 13.0, 11.0); // 3 sd ~4.24
    ZScoreRule rule = new ZScoreRule("latency", 3, 5, 1, false);
    assertThat(rule.judge(15, noisy).anomalous()).isFalse();
    assertThat(rule.judge(16, noisy).anomalous()).isTrue();
  }

  @Test
  void shouldFlagValueBeyondScaledMadsOfTheTrailingMedian() {
    // median 11, absolute deviations 1,1,0,2,2,0,1 -> MAD 1, scaled 1.4826
    List<Double> history = List.of(10.0, 12.0, 11.0, 9.0, 13.0, 11.0, 10.0);
    MadRule rule = new MadRule("latency", 3, 5, 0, false);
    assertThat(rule.judge(15.4, history).anomalous()).isFalse(); // 4.4 < 4.4478
    Verdict spike = rule.judge(15.5, history);
    assertThat(spike.anomalous()).isTrue();
    assertThat(spike.baseline()).isEqualTo(11.0);
    assertThat(spike.threshold()).isCloseTo(3 * 1.4826, within(1e-9));
    assertThat(rule.judge(100, List.of(1.0, 2.0))).as("before min history").isNull();
  }

  @Test
  void shouldKeepTheMadBoundWhenTheBaselineHoldsOneEarlierSpikeWhereTheZScoreWidens() {
    List<Double> withSpike = List.of(10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 60.0);
    // the spike lifts the mean to 15.4 and the standard deviation to ~15.7: 3 sigma is ~47
    assertThat(new ZScoreRule("x", 3, 5).judge(55, withSpike).anomalous()).isFalse();
    // the median (10.5) and the MAD (0.5) ignore it: a second spike is still one
    assertThat(new MadRule("x", 3.5, 5, 0, false).judge(55, withSpike).anomalous()).isTrue();
  }

  @Test
  void shouldNotLetAMadRuleFlagATinyChangeOfAFlatSeriesWithAMinimumDeviation() {
    List<Double> flat = List.of(50.0, 50.0, 50.0, 51.0, 50.0, 50.0);
    assertThat(new MadRule("x", 3.5, 5, 0, false).judge(51, flat).anomalous())
        .as("MAD 0: without a minimum any change flags")
        .isTrue();
    MadRule twoUnits = new MadRule("x", 3.5, 5, 2, false);
    assertThat(twoUnits.judge(51, flat).anomalous()).isFalse();
    assertThat(twoUnits.judge(53, flat)).isEqualTo(new Verdict("mad", "x", true, 53, 50, 2));
    assertThat(new MadRule("x", 3.5, 5, 0.1, true).judge(54, flat).anomalous()).isFalse();
    assertThat(new MadRule("x", 3.5, 5, 0.1, true).judge(56, flat).anomalous()).isTrue();
  }

  @Test
  void shouldFlagASpreadBeyondTheFactorTimesTheUpperQuartileOrBelowTheLowerOneOverIt() {
    // sorted: 1.0 1.0 1.1 1.2 1.2 1.3 1.4 1.5 1.6: lower quartile 1.1, median 1.2, upper 1.4
    List<Double> spreads = List.of(1.2, 1.0, 1.4, 1.1, 1.6, 1.3, 1.0, 1.5, 1.2);
    RatioRule rule = new RatioRule("latency.stddev", 3, 5);
    assertThat(rule.judge(4.15, spreads).anomalous()).isFalse(); // 3 x 1.4 = 4.2
    Verdict burst = rule.judge(4.3, spreads);
    assertThat(burst.anomalous()).isTrue();
    assertThat(burst.baseline()).isCloseTo(1.2, within(1e-9));
    assertThat(burst.threshold()).isCloseTo(4.2, within(1e-9));
    assertThat(rule.judge(0.37, spreads).anomalous()).isFalse(); // 1.1 / 3 = 0.3667
    Verdict stuck = rule.judge(0, spreads);
    assertThat(stuck.anomalous()).as("a stuck sensor: no spread at all").isTrue();
    assertThat(stuck.threshold()).isCloseTo(1.1 / 3, within(1e-9));
    assertThat(rule.judge(100, List.of(1.0, 1.0))).as("before min history").isNull();
  }

  @Test
  void shouldInterpolateTheQuartilesBetweenNeighbours() {
    // 8 values: the upper quartile sits at 5.25 (between 6 and 7: 6.25), the lower at 1.75 (2.75)
    List<Double> spreads = List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0);
    RatioRule rule = new RatioRule("x", 2, 5);
    assertThat(rule.judge(12.4, spreads).anomalous()).isFalse();
    assertThat(rule.judge(12.6, spreads).threshold()).isCloseTo(12.5, within(1e-9));
    assertThat(rule.judge(12.6, spreads).baseline()).isCloseTo(4.5, within(1e-9));
    assertThat(rule.judge(1.3, spreads).anomalous()).isTrue();
    assertThat(rule.judge(1.3, spreads).threshold()).isCloseTo(1.375, within(1e-9));
    assertThat(rule.judge(1.4, spreads).anomalous()).isFalse();
  }

  @Test
  void shouldNotLetARatioRuleFlagAZeroSpreadWhereZerosAreUsualOrJudgeWithoutAScale() {
    // a setpoint that reads off now and then: a third of its windows have no spread at all
    List<Double> mostlyFlat = List.of(0.0, 0.3, 0.3, 0.0, 0.3, 0.4, 0.0, 0.3, 0.3);
    assertThat(new RatioRule("x", 3, 5).judge(0, mostlyFlat).anomalous()).isFalse();
    assertThat(new RatioRule("x", 3, 5).judge(1.3, mostlyFlat).anomalous()).isTrue();
    List<Double> flat = List.of(0.0, 0.0, 0.0, 0.0, 0.3, 0.0, 0.0);
    assertThat(new RatioRule("x", 3, 5).judge(5, flat))
        .as("an upper quartile of 0 gives no scale to multiply")
        .isNull();
  }

  @Test
  void shouldJudgeAgainstTheExponentiallyWeightedMeanAndVariance() {
    // alpha 0.5 over 10 then 12: the mean moves halfway (11), the variance to 0.5 * 2 * 1 = 1
    EwmaRule rule = new EwmaRule("x", 3, 0.5, 2, 0, false);
    assertThat(rule.judge(13.9, List.of(10.0, 12.0)).anomalous()).isFalse();
    assertThat(rule.judge(14.1, List.of(10.0, 12.0)))
        .isEqualTo(new Verdict("ewma", "x", true, 14.1, 11, 3));
    assertThat(rule.judge(14.1, List.of(10.0))).as("before min history").isNull();
    EwmaRule atLeastFive = new EwmaRule("x", 3, 0.5, 2, 5, false);
    assertThat(atLeastFive.judge(14.1, List.of(10.0, 12.0)).anomalous()).isFalse();
    assertThat(new EwmaRule("x", 3, 0.5, 2, 0.5, true).judge(16, List.of(10.0, 12.0)).anomalous())
        .as("a relative minimum: half of 11")
        .isFalse();
  }

  @Test
  void shouldFollowALevelStepAfterAFlatStartWithoutAMinimum() {
    // a flat start leaves no bound (0) to clip to: the baseline must still move with the data
    List<Double> stepped = new java.util.ArrayList<>(java.util.Collections.nCopies(10, 10.0));
    stepped.addAll(java.util.Collections.nCopies(8, 11.0));
    EwmaRule rule = new EwmaRule("x", 3, 0.3, 5, 0, false);
    Verdict after = rule.judge(11, stepped);
    assertThat(after.baseline()).isCloseTo(11 - Math.pow(0.7, 8), within(1e-9));
    assertThat(after.anomalous()).as("eight windows after the step, 11 is the level").isFalse();
  }

  @Test
  void shouldNotLetAnEarlierAnomalyWidenTheBoundThatCatchesItsNextWindow() {
    List<Double> spikeStarted = new java.util.ArrayList<>(java.util.Collections.nCopies(10, 10.0));
    spikeStarted.add(20.0); // the first window of a spike, past the warm-up of 5
    EwmaRule rule = new EwmaRule("x", 3, 0.3, 5, 1, false);
    // the spike moved the baseline by 0.3 x the bound (1), not by 0.3 x 10
    Verdict second = rule.judge(20, spikeStarted);
    assertThat(second.anomalous()).isTrue();
    assertThat(second.baseline()).isCloseTo(10.3, within(1e-9));
    assertThat(second.threshold()).isCloseTo(3 * Math.sqrt(0.7 * 0.3), within(1e-9));
  }

  @Test
  void shouldFollowATrendWhereTheTrailingMeanLagsAndItsDeviationWidens() {
    List<Double> rising = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      rising.add((double) i);
    }
    EwmaRule ewma = new EwmaRule("x", 4, 0.3, 10, 0, false);
    ZScoreRule zscore = new ZScoreRule("x", 4, 10);
    assertThat(ewma.judge(30, rising).anomalous()).as("the trend going on").isFalse();
    assertThat(ewma.judge(45, rising).anomalous()).as("a jump of 15 above the trend").isTrue();
    assertThat(zscore.judge(45, rising).anomalous())
        .as("the trailing mean (14.5) and its 4 sigma (35) hide the jump")
        .isFalse();
  }

  @Test
  void shouldJudgeAgainstTheTrailingDaysReadingsOnceTheyCoverTheMinimumHours() {
    TrailingDayRule rule = new TrailingDayRule("temperature.max", 3, 2);
    HourlyMoments.Day day = new HourlyMoments.Day(1_000, 20, 2, 5);
    assertThat(rule.judge(26, List.of(), day).anomalous()).isFalse(); // 6 = 3 sigma
    assertThat(rule.judge(26.1, List.of(), day))
        .isEqualTo(new Verdict("sigma24h", "temperature.max", true, 26.1, 20, 6));
    assertThat(rule.judge(13.9, List.of(), day).anomalous()).as("below, too").isTrue();
    assertThat(rule.judge(99, List.of(), new HourlyMoments.Day(100, 20, 2, 1)))
        .as("one hour of readings, two needed")
        .isNull();
    assertThat(rule.judge(99, List.of())).as("no trailing day").isNull();
    ConfirmedRule confirmed = new ConfirmedRule(rule, 2, 2);
    assertThat(confirmed.hourlyBaseline()).isEqualTo(HourlyMoments.Baseline.TRAILING_DAY);
    assertThat(confirmed.judge(30, List.of(20.0, 29.0), day).anomalous())
        .as("the day reaches the confirmed rule: 29 was beyond it too")
        .isTrue();
    assertThat(confirmed.judge(30, List.of(20.0, 21.0), day).anomalous()).isFalse();
  }

  @Test
  void shouldJudgeAgainstTheSameHourTheDayBefore() {
    HourlyMoments.Day yesterday = new HourlyMoments.Day(720, 14, 0.5, 1);
    SeasonalRule rule = new SeasonalRule("temperature.mean", 4, 0, false);
    assertThat(rule.judge(15.9, List.of(), yesterday).anomalous()).isFalse();
    assertThat(rule.judge(16.1, List.of(), yesterday))
        .isEqualTo(new Verdict("seasonal", "temperature.mean", true, 16.1, 14, 2));
    assertThat(new SeasonalRule("x", 4, 0.25, true).judge(16.1, List.of(), yesterday).anomalous())
        .as("a minimum of 25 % of 14: 3.5")
        .isFalse();
    assertThat(rule.judge(11.9, List.of(), yesterday).anomalous()).as("below, too").isTrue();
    assertThat(rule.judge(30, List.of(), HourlyMoments.Day.NONE)).as("no day before").isNull();
    assertThat(rule.judge(30, List.of(), new HourlyMoments.Day(1, 14, 0, 1)))
        .as("one reading: no spread to judge by")
        .isNull();
    assertThat(rule.hourlyBaseline()).isEqualTo(HourlyMoments.Baseline.SAME_HOUR_YESTERDAY);
  }

  @Test
  void shouldFlagOnlyWhenKOfTheLastNWindowsCrossTheBound() {
    ThresholdRule above = new ThresholdRule("cpu", ThresholdRule.Direction.ABOVE, 90);
    ConfirmedRule twoOfThree = new ConfirmedRule(above, 2, 3);
    assertThat(twoOfThree.judge(95, List.of(50.0, 50.0, 50.0)).anomalous())
        .as("one crossing alone is not confirmed")
        .isFalse();
    assertThat(twoOfThree.judge(95, List.of(50.0, 95.0, 50.0)).anomalous())
        .as("one of the two windows before crossed too")
        .isTrue();
    assertThat(twoOfThree.judge(95, List.of(95.0, 50.0, 50.0)).anomalous())
        .as("a crossing three windows back is outside the 3 windows")
        .isFalse();
    assertThat(twoOfThree.judge(80, List.of(95.0, 95.0)).anomalous()).isFalse();
    assertThat(twoOfThree.judge(95, List.of(50.0, 95.0)))
        .isEqualTo(new Verdict("threshold_above", "cpu", true, 95, 90, 90));
  }

  @Test
  void shouldJudgeEachEarlierWindowOfAConfirmationAgainstItsOwnBaseline() {
    // A MAD rule: the first high window, now in the baseline, moves neither median nor MAD much
    // (a z-score's baseline would widen and clear the second one).
    MadRule z = new MadRule("x", 3, 5, 1, false);
    List<Double> calm = List.of(10.0, 10.5, 9.5, 10.0, 10.5, 9.5, 10.0);
    List<Double> calmThenHigh = new java.util.ArrayList<>(calm);
    calmThenHigh.add(20.0);
    assertThat(new ConfirmedRule(z, 2, 3).judge(20, calm).anomalous()).isFalse();
    assertThat(new ConfirmedRule(z, 2, 3).judge(20, calmThenHigh).anomalous())
        .as("the window before was 20 against the calm baseline: anomalous then too")
        .isTrue();
    assertThat(new ConfirmedRule(z, 2, 3).minHistory()).isEqualTo(5);
  }
}
