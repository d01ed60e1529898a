package dev.tskafka.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tskafka.streams.anomaly.Verdict;
import dev.tskafka.streams.config.RuleSpec;
import dev.tskafka.streams.model.MeasureWindow;
import dev.tskafka.streams.model.SeriesHistory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowJudgeTest {
  static final long MINUTE = 60_000;

  static Map<String, MeasureWindow> window(long start, double... readings) {
    MeasureWindow w = MeasureWindow.empty();
    for (double r : readings) {
      w.add(r, start);
    }
    return Map.of("v", w);
  }

  @Test
  void shouldNotJudgeOrKeepTheSpreadOfAWindowWithOneReading() {
    List<RuleSpec> rules = List.of(RuleSpec.parse("v.stddev:ratio:3:5"));
    SeriesHistory past = SeriesHistory.empty();
    for (int i = 0; i < 10; i++) {
      Map<String, Double> tracked = new HashMap<>();
      Map<String, MeasureWindow> w = window(i * MINUTE, 10, 11, 12);
      assertThat(WindowJudge.anomalies(rules, w, i * MINUTE, past, tracked)).isEmpty();
      WindowJudge.remember(rules, w, i * MINUTE, tracked, past, 30);
    }
    Map<String, Double> tracked = new HashMap<>();
    // one reading: its standard deviation reads 0, which a stuck sensor would also give
    assertThat(WindowJudge.anomalies(rules, window(10 * MINUTE, 11), 10 * MINUTE, past, tracked))
        .isEmpty();
    assertThat(tracked).isEmpty();
    assertThat(
            WindowJudge.anomalies(rules, window(10 * MINUTE, 11, 11), 10 * MINUTE, past, tracked))
        .as("two equal readings: a spread of 0 that is one")
        .hasSize(1);
  }

  @Test
  void shouldJudgeAWindowAgainstTheSameHourOfTheDayBefore() {
    List<RuleSpec> rules = List.of(RuleSpec.parse("v.mean:seasonal:4"));
    SeriesHistory past = SeriesHistory.empty();
    long hour = 60 * MINUTE;
    for (long start = 0; start < 25 * hour; start += 10 * MINUTE) {
      double level = start % (24 * hour) < hour ? 20 : 50; // hour 0 of each day at 20, then 50
      Map<String, MeasureWindow> w = window(start, level - 1, level, level + 1);
      Map<String, Double> tracked = new HashMap<>();
      assertThat(WindowJudge.anomalies(rules, w, start, past, tracked))
          .as("hour 24 at 20 is hour 0 again; before hour 24 there is no day before")
          .isEmpty();
      WindowJudge.remember(rules, w, start, tracked, past, 30);
    }
    Map<String, MeasureWindow> high = window(25 * hour, 49, 50, 51);
    assertThat(WindowJudge.anomalies(rules, high, 25 * hour, past, new HashMap<>()))
        .as("hour 1 was at 50 yesterday too")
        .isEmpty();
    List<Verdict> atZero =
        WindowJudge.anomalies(
            rules, window(24 * hour, 49, 50, 51), 24 * hour, past, new HashMap<>());
    assertThat(atZero).hasSize(1);
    assertThat(atZero.get(0).baseline()).isEqualTo(20.0);
  }

  @Test
  void shouldKeepHourlyMomentsOnlyForMeasuresARuleJudgesAgainstTheDay() {
    SeriesHistory past = SeriesHistory.empty();
    List<RuleSpec> day = List.of(RuleSpec.parse("v.max:sigma24h:3"));
    Map<String, MeasureWindow> w = window(0, 10, 12);
    assertThat(WindowJudge.anomalies(day, w, 0, past, new HashMap<>()))
        .as("nothing to judge against yet")
        .isEmpty();
    assertThat(past.hourly()).as("judging creates no state").isEmpty();
    WindowJudge.remember(day, w, 0, new HashMap<>(), past, 30);
    assertThat(past.hourly()).containsOnlyKeys("v");
    List<RuleSpec> changed = List.of(RuleSpec.parse("v.max:above:90"));
    WindowJudge.remember(changed, window(MINUTE, 10), MINUTE, new HashMap<>(), past, 30);
    assertThat(past.hourly()).as("no rule reads the day any more").isEmpty();
  }
}
