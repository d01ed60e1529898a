package dev.tskafka.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tskafka.streams.config.AppConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyticsTopologyTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long T0 = 1_672_531_200_000L; // 2023-01-01T00:00:00Z, a minute boundary

  @TempDir Path stateDir;
  TopologyTestDriver driver;
  TestInputTopic<byte[], byte[]> input;

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  void start(String... pipelineSettings) {
    Properties props = new Properties();
    props.put("application.id", "analytics-test");
    props.put("bootstrap.servers", "unused:9092");
    props.put("state.dir", stateDir.toString());
    props.put("pipelines", "hosts");
    props.put("pipeline.hosts.input.topics", "host.metrics");
    props.put("pipeline.hosts.dimensions", "hostname,region");
    props.put("pipeline.hosts.measures", "cpu_percent");
    props.put("pipeline.hosts.time.field", "timestamp");
    props.put("pipeline.hosts.window.size", "1m");
    props.put("pipeline.hosts.window.grace", "10s");
    props.put("pipeline.hosts.quiet.after", "30s");
    for (int i = 0; i < pipelineSettings.length; i += 2) {
      props.put("pipeline.hosts." + pipelineSettings[i], pipelineSettings[i + 1]);
    }
    AppConfig config = AppConfig.from(props);
    driver =
        new TopologyTestDriver(
            TopologyFactory.build(config), config.streams(), Instant.ofEpochMilli(T0));
    input =
        driver.createInputTopic(
            "host.metrics", new ByteArraySerializer(), new ByteArraySerializer());
  }

  void send(String host, double cpu, long offsetMs) {
    String json =
        String.format(
            "{\"hostname\":\"%s\",\"region\":\"us-east-1\",\"cpu_percent\":%s,\"timestamp\":%d}",
            host, cpu, T0 + offsetMs);
    input.pipeInput(null, json.getBytes(StandardCharsets.UTF_8), T0 + offsetMs);
  }

  List<JsonNode> read(String topic) {
    TestOutputTopic<String, String> out =
        driver.createOutputTopic(topic, new StringDeserializer(), new StringDeserializer());
    List<JsonNode> values = new ArrayList<>();
    for (String v : out.readValuesToList()) {
      try {
        values.add(JSON.readTree(v));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    return values;
  }

  /** The sum over tasks of one of the app's counters. */
  double counter(String name) {
    return driver.metrics().entrySet().stream()
        .filter(
            e ->
                e.getKey().name().equals(name)
                    && e.getKey().group().contains("timestream-analytics"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  @Test
  void shouldEmitOneFinalAggregateWhenStreamTimePassesWindowEndPlusGrace() {
    start();
    send("web-01", 10, 0);
    send("web-01", 30, 20_000);
    send("web-01", 20, 59_999); // last millisecond of the window
    send("web-01", 99, 60_000); // first millisecond of the next window
    assertThat(read("host.metrics.agg")).isEmpty(); // stream time 60s < end 60s + grace 10s

    send("web-01", 50, 70_000); // stream time reaches 70s: [0, 60s) closes
    List<JsonNode> out = read("host.metrics.agg");
    assertThat(out).hasSize(1);
    JsonNode w = out.get(0);
    assertThat(w.get("hostname").asText()).isEqualTo("web-01");
    assertThat(w.get("window_start").asLong()).isEqualTo(T0);
    assertThat(w.get("window_end").asLong()).isEqualTo(T0 + 60_000);
    assertThat(w.get("final").asBoolean()).isTrue();
    assertThat(w.get("version").asLong()).isEqualTo(4);
    assertThat(w.get("cpu_percent_count").asLong()).isEqualTo(3);
    assertThat(w.get("cpu_percent_mean").asDouble()).isEqualTo(20.0);
    assertThat(w.get("cpu_percent_min").asDouble()).isEqualTo(10.0);
    assertThat(w.get("cpu_percent_max").asDouble()).isEqualTo(30.0);
    assertThat(w.get("cpu_percent_stddev").asDouble()).isEqualTo(10.0);
    assertThat(w.get("cpu_percent_first").asDouble()).isEqualTo(10.0);
    assertThat(w.get("cpu_percent_last").asDouble()).isEqualTo(20.0);
    // DDSketch's quantile is the value of rank floor(q * (n - 1)): of 10, 20, 30 that is 20, +-1%.
    assertThat(w.get("cpu_percent_p99").asDouble()).isBetween(19.8, 20.2);
    assertThat(w.get("anomaly").asBoolean()).isFalse();
    assertThat(counter("windows-closed-total")).isEqualTo(1.0);
    assertThat(counter("anomalies-total")).isZero();
  }

  @Test
  void shouldUpdateWindowWithLateRecordWithinGraceAndSendLaterOnesToLateTopic() {
    start();
    send("web-01", 10, 30_000);
    send("web-01", 10, 65_000); // stream time 65s: window [0,60s) still open until 70s
    send("web-01", 40, 55_000); // late, within grace: joins [0, 60s)
    send("web-01", 10, 75_000); // closes [0, 60s)
    send("web-01", 70, 50_000); // later than grace: its only window closed
    List<JsonNode> out = read("host.metrics.agg");
    assertThat(out).hasSize(1);
    assertThat(out.get(0).get("cpu_percent_count").asLong()).isEqualTo(2);
    assertThat(out.get(0).get("cpu_percent_max").asDouble()).isEqualTo(40.0);
    List<JsonNode> late = read("host.metrics.late");
    assertThat(late).hasSize(1);
    assertThat(late.get(0).get("cpu_percent").asDouble()).isEqualTo(70.0);
    assertThat(late.get(0).get("event_time").asLong()).isEqualTo(T0 + 50_000);
    assertThat(late.get(0).get("reason").asText()).contains("closed");
    assertThat(counter("late-records-total")).isEqualTo(1.0);
  }

  @Test
  void shouldCountRecordInEveryOverlappingHoppingWindow() {
    start("window.advance", "30s");
    send("web-01", 10, 45_000); // in [0, 60s) and [30s, 90s)
    send("web-01", 20, 200_000); // closes both; opens [150s, 210s) and [180s, 240s)
    List<JsonNode> out = read("host.metrics.agg");
    assertThat(out)
        .extracting(
            n -> n.get("window_start").asLong() - T0, n -> n.get("cpu_percent_count").asLong())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, 1L),
            org.assertj.core.groups.Tuple.tuple(30_000L, 1L));
  }

  @Test
  void shouldEmitUpdatesWithIncreasingVersionsThenAFinalThatOutranksThem() {
    start("emit", "updates");
    send("web-01", 10, 1_000);
    send("web-01", 20, 2_000);
    send("web-01", 30, 3_000);
    send("web-01", 1, 80_000);
    List<JsonNode> out = read("host.metrics.agg");
    List<JsonNode> firstWindow =
        out.stream().filter(n -> n.get("window_start").asLong() == T0).toList();
    assertThat(firstWindow)
        .extracting(n -> n.get("version").asLong())
        .containsExactly(1L, 2L, 3L, 4L);
    assertThat(firstWindow)
        .extracting(n -> n.get("final").asBoolean())
        .containsExactly(false, false, false, true);
    assertThat(firstWindow.get(3).get("cpu_percent_mean").asDouble()).isEqualTo(20.0);
  }

  @Test
  void shouldCloseQuietSeriesWindowOnWallClockWithoutFurtherInput() {
    start();
    send("web-01", 10, 5_000);
    driver.advanceWallClockTime(Duration.ofSeconds(20));
    assertThat(read("host.metrics.agg")).isEmpty(); // not quiet for 30 s yet
    driver.advanceWallClockTime(Duration.ofSeconds(20)); // quiet: stream time follows the clock
    driver.advanceWallClockTime(Duration.ofSeconds(40));
    List<JsonNode> out = read("host.metrics.agg");
    assertThat(out).hasSize(1);
    assertThat(out.get(0).get("cpu_percent_count").asLong()).isEqualTo(1);
  }

  @Test
  void shouldSendUnreadableInputToDeadLetterTopicAndKeepGoing() {
    start();
    input.pipeInput(null, "not json".getBytes(StandardCharsets.UTF_8), T0);
    input.pipeInput(
        null,
        "{\"hostname\":\"web-01\",\"cpu_percent\":1,\"timestamp\":1}"
            .getBytes(StandardCharsets.UTF_8),
        T0);
    input.pipeInput(
        null,
        "{\"hostname\":\"web-01\",\"region\":\"r\",\"cpu_percent\":\"high\",\"timestamp\":1}"
            .getBytes(StandardCharsets.UTF_8),
        T0);
    send("web-01", 10, 0);
    send("web-01", 10, 80_000);
    List<JsonNode> dead = read("host.metrics.dlq");
    assertThat(dead)
        .extracting(n -> n.get("reason").asText())
        .satisfiesExactly(
            r -> assertThat(r).startsWith("not JSON"),
            r -> assertThat(r).isEqualTo("missing dimension 'region'"),
            r -> assertThat(r).contains("measure 'cpu_percent' is \"high\", not a number"));
    assertThat(dead.get(0).get("value").asText()).isEqualTo("not json");
    assertThat(dead.get(0).get("offset").asLong()).isEqualTo(0);
    assertThat(counter("dead-letter-records-total")).isEqualTo(3.0);
    assertThat(read("host.metrics.agg")).hasSize(1);
  }

  @Test
  void shouldDeadLetterAFarFutureReadingWithoutMovingStreamTime() {
    start();
    send("web-01", 10, 0);
    long tenYears = 10L * 365 * 86_400_000;
    send("web-01", 99, tenYears); // a device clock ten years ahead
    send("web-01", 30, 20_000); // not late: the future reading moved nothing
    send("web-01", 50, 70_000); // closes [0, 60s)
    assertThat(read("host.metrics.late")).isEmpty();
    List<JsonNode> out = read("host.metrics.agg");
    assertThat(out).hasSize(1);
    assertThat(out.get(0).get("cpu_percent_count").asLong()).isEqualTo(2);
    assertThat(out.get(0).get("cpu_percent_max").asDouble()).isEqualTo(30.0);
    List<JsonNode> dead = read("host.metrics.dlq");
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).get("reason").asText()).contains("ahead of this machine's clock");
  }

  @Test
  void shouldDeadLetterWhatWouldOverflowOrOutgrowStateAndKeepAggregating() {
    start();
    send("web-01", 10, 0);
    input.pipeInput(
        null,
        ("{\"hostname\":\"web-01\",\"region\":\"us-east-1\",\"cpu_percent\":1.7976931348623157E308,"
                + "\"timestamp\":"
                + (T0 + 1_000)
                + "}")
            .getBytes(StandardCharsets.UTF_8),
        T0 + 1_000);
    input.pipeInput(
        null,
        ("{\"hostname\":\""
                + "h".repeat(70_000)
                + "\",\"region\":\"us-east-1\",\"cpu_percent\":5,\"timestamp\":"
                + (T0 + 2_000)
                + "}")
            .getBytes(StandardCharsets.UTF_8),
        T0 + 2_000);
    send("web-01", 20, 30_000);
    send("web-01", 50, 70_000);
    assertThat(read("host.metrics.dlq"))
        .extracting(n -> n.get("reason").asText())
        .satisfiesExactly(
            r -> assertThat(r).contains("beyond ±1.0E150"),
            r -> assertThat(r).contains("Timestream allows 2048"));
    List<JsonNode> out = read("host.metrics.agg");
    assertThat(out).hasSize(1);
    assertThat(out.get(0).get("cpu_percent_count").asLong()).isEqualTo(2);
  }

  @Test
  void shouldFlagThresholdAndThreeSigmaAnomaliesAndMarkTheAggregate() {
    start("rules", "cpu_percent.max:above:90,cpu_percent.mean:zscore:3:5");
    long minute = 60_000;
    double[] means = {20, 22, 21, 19, 20, 21, 60};
    for (int i = 0; i < means.length; i++) {
      send("web-01", means[i], i * minute + 1_000);
    }
    send("web-01", 95, 7 * minute + 1_000); // a spike over the threshold in window 7
    send("web-01", 10, 9 * minute);
    List<JsonNode> out = read("host.metrics.agg");
    assertThat(out).hasSize(8);
    assertThat(out.subList(0, 6))
        .allSatisfy(n -> assertThat(n.get("anomaly").asBoolean()).isFalse());
    assertThat(out.get(6).get("anomalies").asText()).isEqualTo("zscore:cpu_percent.mean");
    assertThat(out.get(7).get("anomalies").asText()).contains("threshold_above:cpu_percent.max");
    List<JsonNode> anomalies = read("host.metrics.anomalies");
    JsonNode sigma =
        anomalies.stream()
            .filter(a -> a.get("rule").asText().equals("zscore"))
            .findFirst()
            .orElseThrow();
    assertThat(sigma.get("value").asDouble()).isEqualTo(60.0);
    assertThat(sigma.get("baseline").asDouble()).isEqualTo(20.5);
    assertThat(sigma.get("window_start").asLong()).isEqualTo(T0 + 6 * minute);
    assertThat(counter("anomalies-total")).isEqualTo(anomalies.size());
    assertThat(counter("windows-closed-total")).isEqualTo(8.0);
  }

  @Test
  void shouldFlagAReadingBeyondThreeSigmaOfTheTrailingDaysReadingsAsTheSeedsQueryDoes() {
    start("rules", "cpu_percent.max:sigma24h:3,cpu_percent.min:sigma24h:3");
    long minute = 60_000;
    // two hours of readings 40..60 (mean ~49.6, sd ~6.1), then one reading of 80 and one of 45,
    // each a second ahead of the wall clock (readings far ahead of it are dead letters)
    double[] readings = new double[122];
    for (int i = 0; i < 120; i++) {
      readings[i] = 40 + (i % 21);
    }
    readings[120] = 80;
    readings[121] = 45;
    for (int i = 0; i < readings.length; i++) {
      send("web-01", readings[i], i * minute + 1_000);
      driver.advanceWallClockTime(Duration.ofMinutes(1));
    }
    send("web-01", 50, 123 * minute);
    List<JsonNode> out = read("host.metrics.agg");
    assertThat(out).hasSize(122);
    assertThat(out.subList(60, 120))
        .as("the readings the day holds are within its 3 sigma")
        .allSatisfy(n -> assertThat(n.get("anomaly").asBoolean()).isFalse());
    assertThat(out.get(120).get("anomalies").asText())
        .isEqualTo("sigma24h:cpu_percent.max,sigma24h:cpu_percent.min");
    assertThat(out.get(121).get("anomaly").asBoolean()).isFalse();
    JsonNode flagged = read("host.metrics.anomalies").get(0);
    assertThat(flagged.get("value").asDouble()).isEqualTo(80.0);
    double[] day = java.util.Arrays.copyOf(readings, 120);
    double mean = java.util.Arrays.stream(day).average().orElseThrow();
    double squares = java.util.Arrays.stream(day).map(v -> (v - mean) * (v - mean)).sum();
    assertThat(flagged.get("baseline").asDouble()).isCloseTo(mean, within(1e-9));
    assertThat(flagged.get("threshold").asDouble())
        .isCloseTo(3 * Math.sqrt(squares / 119), within(1e-9));
  }

  @Test
  void shouldComputeMovingAverageAndChangeAgainstPreviousWindow() {
    start("moving.average.windows", "3");
    long minute = 60_000;
    double[] prices = {100, 110, 120, 90};
    for (int i = 0; i < prices.length; i++) {
      send("AAPL", prices[i], i * minute);
    }
    send("AAPL", 1, 6 * minute);
    List<JsonNode> out = read("host.metrics.agg");
    assertThat(out.get(0).has("cpu_percent_change")).isFalse();
    assertThat(out.get(1).get("cpu_percent_change").asDouble()).isEqualTo(10.0);
    assertThat(out.get(2).get("cpu_percent_moving_avg").asDouble()).isEqualTo(110.0);
    assertThat(out.get(3).get("cpu_percent_moving_avg").asDouble()).isEqualTo(320.0 / 3);
    assertThat(out.get(3).get("cpu_percent_change").asDouble()).isEqualTo(-30.0);
  }

  @Test
  void shouldReadConnectSchemaEnvelopeAndUseKafkaTimestampWhenNoTimeField() {
    start("time.field", "");
    String envelope =
        "{\"schema\":{\"type\":\"struct\",\"fields\":[]},\"payload\":"
            + "{\"hostname\":\"web-01\",\"region\":\"eu\",\"cpu_percent\":42}}";
    input.pipeInput(null, envelope.getBytes(StandardCharsets.UTF_8), T0 + 5_000);
    input.pipeInput(
        null,
        "{\"hostname\":\"web-01\",\"region\":\"eu\",\"cpu_percent\":1}"
            .getBytes(StandardCharsets.UTF_8),
        T0 + 80_000);
    List<JsonNode> out = read("host.metrics.agg");
    assertThat(out).hasSize(1);
    assertThat(out.get(0).get("window_start").asLong()).isEqualTo(T0);
    assertThat(out.get(0).get("cpu_percent_first").asDouble()).isEqualTo(42.0);
  }

  @Test
  void shouldKeepSeriesApart() throws Exception {
    start();
    send("web-01", 10, 0);
    send("web-02", 50, 0);
    send("web-01", 10, 80_000);
    assertThat(read("host.metrics.agg"))
        .extracting(n -> n.get("hostname").asText() + "=" + n.get("cpu_percent_mean").asDouble())
        .containsExactlyInAnyOrder("web-01=10.0", "web-02=50.0");
    assertThat(Files.exists(stateDir)).isTrue();
  }
}
