package dev.tskafka.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

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
