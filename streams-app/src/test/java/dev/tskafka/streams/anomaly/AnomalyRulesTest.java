package dev.tskafka.streams.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

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
}
