package dev.tskafka.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AppConfigTest {
  static Properties base() {
    Properties p = new Properties();
    p.put("application.id", "x");
    p.put("pipelines", "p");
    p.put("pipeline.p.input.topics", "in");
    p.put("pipeline.p.dimensions", "host");
    p.put("pipeline.p.measures", "cpu");
    p.put("pipeline.p.window.size", "5m");
    return p;
  }

  @Test
  void shouldApplyDefaultsAndPassStreamsSettingsThrough() {
    AppConfig config = AppConfig.from(base());
    PipelineConfig p = config.pipelines().get(0);
    assertThat(p.size()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.advance()).as("tumbling by default").isEqualTo(p.size());
    assertThat(p.outputTopic()).isEqualTo("in.agg");
    assertThat(p.deadLetterTopic()).isEqualTo("in.dlq");
    assertThat(config.streams().getProperty("application.id")).isEqualTo("x");
    assertThat(config.streams().getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
    assertThat(config.streams()).doesNotContainKey("pipelines");
  }

  @Test
  void shouldParseRulesAndDurations() {
    Properties props = base();
    props.put("pipeline.p.rules", "cpu.p99:zscore:3:10, cpu.max:above:90");
    props.put("pipeline.p.window.advance", "PT1M");
    PipelineConfig p = AppConfig.from(props).pipelines().get(0);
    assertThat(p.rules())
        .extracting(r -> r.rule().name())
        .containsExactly("zscore", "threshold_above");
    assertThat(p.rules().get(0).statistic()).isEqualTo(Statistic.P99);
    assertThat(p.advance()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void shouldRefuseBadSettingsWithTheirName() {
    Properties props = base();
    props.put("pipeline.p.rules", "memory.max:above:90");
    assertThatThrownBy(() -> AppConfig.from(props)).hasMessageContaining("not one of the measures");
    Properties p2 = base();
    p2.put("pipeline.p.window.size", "five minutes");
    assertThatThrownBy(() -> AppConfig.from(p2)).hasMessageContaining("not a duration");
    Properties p3 = base();
    p3.remove("pipeline.p.dimensions");
    assertThatThrownBy(() -> AppConfig.from(p3))
        .hasMessageContaining("Missing required configuration \"pipeline.p.dimensions\"");
    Properties p4 = base();
    p4.put("pipeline.p.rules", "cpu.p42:above:1");
    assertThatThrownBy(() -> AppConfig.from(p4)).hasMessageContaining("not a statistic");
  }

  @Test
  void shouldRefuseSettingsThatWouldSilentlyNeverWorkNamingTheSetting() {
    Properties noAverage = base();
    noAverage.put("pipeline.p.moving.average.windows", "0");
    assertThatThrownBy(() -> AppConfig.from(noAverage))
        .hasMessageContaining("pipeline.p.moving.average.windows")
        .hasMessageContaining("at least 1");

    Properties tooLongAverage = base();
    tooLongAverage.put("pipeline.p.history.windows", "4");
    tooLongAverage.put("pipeline.p.moving.average.windows", "10");
    assertThatThrownBy(() -> AppConfig.from(tooLongAverage))
        .hasMessage(
            "pipeline.p.moving.average.windows is 10, but only pipeline.p.history.windows = 4"
                + " past windows are kept: at most 5");

    Properties neverFires = base();
    neverFires.put("pipeline.p.rules", "cpu.mean:zscore:3:30");
    assertThatThrownBy(() -> AppConfig.from(neverFires))
        .hasMessage(
            "pipeline.p.rules: 'cpu.mean:zscore:3:30' waits for 30 windows of history, but"
                + " pipeline.p.history.windows keeps 20: it would never fire");

    Properties oneWindow = base();
    oneWindow.put("pipeline.p.rules", "cpu.mean:zscore:3:1");
    assertThatThrownBy(() -> AppConfig.from(oneWindow))
        .hasMessageContaining("needs a minimum history of at least 2");
  }

  @Test
  void shouldRefuseATypoInASettingOrAPipelineName() {
    Properties typo = base();
    typo.put("pipeline.p.window.sise", "1m");
    assertThatThrownBy(() -> AppConfig.from(typo))
        .hasMessageContaining("unknown setting(s) [pipeline.p.window.sise]");

    Properties otherPipeline = base();
    otherPipeline.put("pipeline.q.window.size", "1m");
    assertThatThrownBy(() -> AppConfig.from(otherPipeline))
        .hasMessage("pipeline.q.window.size: there is no pipeline 'q' in pipelines=[p]");

    Properties port = base();
    port.put("http.port", "99999");
    assertThatThrownBy(() -> AppConfig.from(port)).hasMessageContaining("http.port must be");

    Properties negative = base();
    negative.put("pipeline.p.window.grace", "-5s");
    assertThatThrownBy(() -> AppConfig.from(negative))
        .hasMessageContaining("pipeline.p.window.grace");
  }

  @Test
  void shouldParseAZScoreMinimumDeviationInUnitsOrPercent() {
    Properties props = base();
    props.put("pipeline.p.rules", "cpu.mean:zscore:3:5:20, cpu.p99:zscore:3:10:50%");
    List<RuleSpec> rules = AppConfig.from(props).pipelines().get(0).rules();
    assertThat(rules.get(0).rule())
        .isEqualTo(new dev.tskafka.streams.anomaly.ZScoreRule("cpu.mean", 3, 5, 20, false));
    assertThat(rules.get(1).rule())
        .isEqualTo(new dev.tskafka.streams.anomaly.ZScoreRule("cpu.p99", 3, 10, 0.5, true));
    Properties thresholdPercent = base();
    thresholdPercent.put("pipeline.p.rules", "cpu.max:above:90%");
    assertThatThrownBy(() -> AppConfig.from(thresholdPercent))
        .as("a percentage is only a z-score rule's minimum deviation")
        .hasMessageContaining("pipeline.p.rules");
  }

  @Test
  void shouldParseAMadRuleAndCheckItsHistoryLikeAZScoreRule() {
    Properties props = base();
    props.put("pipeline.p.rules", "cpu.mean:mad:3.5:10:5, cpu.p99:mad:4:8:50%, cpu.max:mad:3");
    List<RuleSpec> rules = AppConfig.from(props).pipelines().get(0).rules();
    assertThat(rules.get(0).rule())
        .isEqualTo(new dev.tskafka.streams.anomaly.MadRule("cpu.mean", 3.5, 10, 5, false));
    assertThat(rules.get(1).rule())
        .isEqualTo(new dev.tskafka.streams.anomaly.MadRule("cpu.p99", 4, 8, 0.5, true));
    assertThat(rules.get(2).rule().minHistory()).isEqualTo(5);

    Properties neverFires = base();
    neverFires.put("pipeline.p.rules", "cpu.mean:mad:3.5:21");
    assertThatThrownBy(() -> AppConfig.from(neverFires))
        .hasMessage(
            "pipeline.p.rules: 'cpu.mean:mad:3.5:21' waits for 21 windows of history, but"
                + " pipeline.p.history.windows keeps 20: it would never fire");
    Properties oneWindow = base();
    oneWindow.put("pipeline.p.rules", "cpu.mean:mad:3.5:1");
    assertThatThrownBy(() -> AppConfig.from(oneWindow))
        .hasMessageContaining("needs a minimum history of at least 2");
  }

  @Test
  void shouldParseARatioRuleAndRefuseAFactorThatIsNoChange() {
    Properties props = base();
    props.put("pipeline.p.rules", "cpu.stddev:ratio:2.5:10:3of4, cpu.stddev:ratio:3");
    List<RuleSpec> rules = AppConfig.from(props).pipelines().get(0).rules();
    assertThat(rules.get(0).rule())
        .isEqualTo(
            new dev.tskafka.streams.anomaly.ConfirmedRule(
                new dev.tskafka.streams.anomaly.RatioRule("cpu.stddev", 2.5, 10), 3, 4));
    assertThat(rules.get(1).rule().minHistory()).isEqualTo(5);

    Properties noChange = base();
    noChange.put("pipeline.p.rules", "cpu.stddev:ratio:1");
    assertThatThrownBy(() -> AppConfig.from(noChange))
        .hasMessageContaining("a ratio rule's factor must be above 1");
    Properties neverFires = base();
    neverFires.put("pipeline.p.rules", "cpu.stddev:ratio:3:21");
    assertThatThrownBy(() -> AppConfig.from(neverFires))
        .hasMessageContaining("it would never fire");
  }

  @Test
  void shouldParseAnEwmaRuleWithItsWeightBeforeTheHistoryAndMinimum() {
    Properties props = base();
    props.put("pipeline.p.rules", "cpu.mean:ewma:4:0.2:10:5:2of3, cpu.p99:ewma:3:0.5:8:50%");
    List<RuleSpec> rules = AppConfig.from(props).pipelines().get(0).rules();
    assertThat(rules.get(0).rule())
        .isEqualTo(
            new dev.tskafka.streams.anomaly.ConfirmedRule(
                new dev.tskafka.streams.anomaly.EwmaRule("cpu.mean", 4, 0.2, 10, 5, false), 2, 3));
    assertThat(rules.get(1).rule())
        .isEqualTo(new dev.tskafka.streams.anomaly.EwmaRule("cpu.p99", 3, 0.5, 8, 0.5, true));
    Properties noWeight = base();
    noWeight.put("pipeline.p.rules", "cpu.mean:ewma:4:0");
    assertThatThrownBy(() -> AppConfig.from(noWeight))
        .hasMessageContaining("an ewma rule's weight must be above 0 and below 1, not 0.0");
    Properties allWeight = base();
    allWeight.put("pipeline.p.rules", "cpu.mean:ewma:4:1");
    assertThatThrownBy(() -> AppConfig.from(allWeight))
        .hasMessageContaining("must be above 0 and below 1, not 1.0");
    Properties neverFires = base();
    neverFires.put("pipeline.p.rules", "cpu.mean:ewma:4:0.3:21");
    assertThatThrownBy(() -> AppConfig.from(neverFires))
        .hasMessageContaining("it would never fire");
  }

  @Test
  void shouldParseASeasonalRuleWithItsMinimumAndCheckItsWindowsLikeTheTrailingDays() {
    Properties props = base();
    props.put("pipeline.p.rules", "cpu.mean:seasonal:4:0.5, cpu.p99:seasonal:3:20%");
    List<RuleSpec> rules = AppConfig.from(props).pipelines().get(0).rules();
    assertThat(rules.get(0).rule())
        .isEqualTo(new dev.tskafka.streams.anomaly.SeasonalRule("cpu.mean", 4, 0.5, false));
    assertThat(rules.get(1).rule())
        .isEqualTo(new dev.tskafka.streams.anomaly.SeasonalRule("cpu.p99", 3, 0.2, true));
    Properties hopping = base();
    hopping.put("pipeline.p.rules", "cpu.mean:seasonal:4");
    hopping.put("pipeline.p.window.advance", "1m");
    assertThatThrownBy(() -> AppConfig.from(hopping))
        .hasMessageContaining("a seasonal rule (cpu.mean) counts each reading once, in its hour");
    Properties straddling = base();
    straddling.put("pipeline.p.rules", "cpu.mean:seasonal:4");
    straddling.put("pipeline.p.window.size", "7m");
    assertThatThrownBy(() -> AppConfig.from(straddling))
        .hasMessageContaining("that divide an hour");
    Properties confirmed = base();
    confirmed.put("pipeline.p.rules", "cpu.mean:seasonal:4:20%:2of3");
    assertThatThrownBy(() -> AppConfig.from(confirmed))
        .hasMessageContaining("a seasonal rule cannot be confirmed k-of-n");
    Properties habit = base();
    habit.put("pipeline.p.rules", "cpu.mean:seasonal:4:10:0.5"); // zscore's K:MIN_HISTORY:MIN
    assertThatThrownBy(() -> AppConfig.from(habit))
        .hasMessageContaining("has 3 arguments; a seasonal rule takes at most 2");
  }

  @Test
  void shouldParseATrailingDayRuleAndRefuseMoreHoursThanADayHolds() {
    Properties props = base();
    props.put("pipeline.p.rules", "cpu.max:sigma24h:3, cpu.min:sigma24h:3.5:6");
    List<RuleSpec> rules = AppConfig.from(props).pipelines().get(0).rules();
    assertThat(rules.get(0).rule())
        .isEqualTo(new dev.tskafka.streams.anomaly.TrailingDayRule("cpu.max", 3, 1));
    assertThat(rules.get(1).rule())
        .isEqualTo(new dev.tskafka.streams.anomaly.TrailingDayRule("cpu.min", 3.5, 6));
    Properties hopping = base();
    hopping.put("pipeline.p.rules", "cpu.max:sigma24h:3");
    hopping.put("pipeline.p.window.size", "5m");
    hopping.put("pipeline.p.window.advance", "1m");
    assertThatThrownBy(() -> AppConfig.from(hopping))
        .hasMessageContaining("a sigma24h rule (cpu.max) counts each reading once, in its hour")
        .hasMessageContaining("pipeline.p.window.advance");
    Properties daily = base();
    daily.put("pipeline.p.rules", "cpu.max:sigma24h:3");
    daily.put("pipeline.p.window.size", "2h");
    assertThatThrownBy(() -> AppConfig.from(daily)).hasMessageContaining("that divide an hour");
    Properties tooLong = base();
    tooLong.put("pipeline.p.rules", "cpu.max:sigma24h:3:25");
    assertThatThrownBy(() -> AppConfig.from(tooLong))
        .hasMessageContaining("a sigma24h rule's minimum hours must be 1 to 24, not 25");
  }

  @Test
  void shouldParseAKOfNConfirmationAfterAnyRule() {
    Properties props = base();
    props.put("pipeline.p.rules", "cpu.mean:zscore:3:10:20:2of3, cpu.max:above:90:3of5");
    List<RuleSpec> rules = AppConfig.from(props).pipelines().get(0).rules();
    assertThat(rules.get(0).rule())
        .isEqualTo(
            new dev.tskafka.streams.anomaly.ConfirmedRule(
                new dev.tskafka.streams.anomaly.ZScoreRule("cpu.mean", 3, 10, 20, false), 2, 3));
    assertThat(rules.get(1).rule())
        .isEqualTo(
            new dev.tskafka.streams.anomaly.ConfirmedRule(
                new dev.tskafka.streams.anomaly.ThresholdRule(
                    "cpu.max", dev.tskafka.streams.anomaly.ThresholdRule.Direction.ABOVE, 90),
                3,
                5));
    Properties tooLong = base();
    tooLong.put("pipeline.p.rules", "cpu.max:above:90:2of22");
    assertThatThrownBy(() -> AppConfig.from(tooLong))
        .hasMessage(
            "pipeline.p.rules: 'cpu.max:above:90:2of22' confirms over 22 windows, but"
                + " pipeline.p.history.windows keeps 20 before the current one");
    Properties backwards = base();
    backwards.put("pipeline.p.rules", "cpu.max:above:90:3of2");
    assertThatThrownBy(() -> AppConfig.from(backwards)).hasMessageContaining("1 <= k <= n");
  }
}
