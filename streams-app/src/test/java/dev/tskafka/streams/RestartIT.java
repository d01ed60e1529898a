package dev.tskafka.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tskafka.kafkalocal.KafkaBroker;
import dev.tskafka.kafkalocal.TestStack;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real broker and the real app in child JVMs: one run goes uninterrupted, the other is killed
 * (SIGKILL) mid-stream and restarted. With exactly-once processing the committed final aggregates
 * of both runs must be identical.
 */
class RestartIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int HOSTS = 12;
  static final int READINGS_PER_HOST = 240; // every 5 s for 20 minutes
  static final int WINDOWS = HOSTS * 20;
  static KafkaBroker broker;

  @TempDir static Path work;

  @BeforeAll
  static void startBroker() {
    TestStack stack = TestStack.get();
    Assumptions.assumeTrue(stack.available(), stack.reason());
    broker = stack.startBroker();
    broker.createTopic("host.metrics", 3);
    long t0 = 1_672_531_200_000L;
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (int i = 0; i < READINGS_PER_HOST; i++) {
      for (int h = 0; h < HOSTS; h++) {
        String host = "web-" + h;
        double cpu = 20 + h + 10 * Math.sin(i / 10.0) + (i == 100 && h == 3 ? 90 : 0);
        records.add(
            new ProducerRecord<>(
                "host.metrics",
                host,
                String.format(
                    "{\"hostname\":\"%s\",\"region\":\"eu-west-1\",\"cpu_percent\":%.3f,\"timestamp\":%d}",
                    host, cpu, t0 + i * 5_000L)));
      }
    }
    broker.produce(records);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  Path config(String run) throws IOException {
    Properties p = new Properties();
    p.put("application.id", "restart-it-" + run);
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put("state.dir", work.resolve("state-" + run).toString());
    p.put("processing.guarantee", "exactly_once_v2");
    p.put("commit.interval.ms", "200");
    // The killed member's partitions move once its session expires: keep that short.
    p.put("session.timeout.ms", "6000");
    p.put("heartbeat.interval.ms", "1000");
    p.put("replication.factor", "1");
    p.put("pipelines", "hosts");
    p.put("pipeline.hosts.input.topics", "host.metrics");
    p.put("pipeline.hosts.input.partitioned.by.series", "true"); // keyed by host
    p.put("pipeline.hosts.dimensions", "hostname,region");
    p.put("pipeline.hosts.measures", "cpu_percent");
    p.put("pipeline.hosts.time.field", "timestamp");
    p.put("pipeline.hosts.window.size", "1m");
    p.put("pipeline.hosts.window.grace", "5s");
    p.put("pipeline.hosts.quiet.after", "2s");
    // 4 series per task and 2 live windows: open windows are written back and dropped between
    // commits all the time, so the kill also lands between such writes.
    p.put("pipeline.hosts.state.live.windows", "2");
    p.put("pipeline.hosts.rules", "cpu_percent.max:above:90,cpu_percent.mean:zscore:3:5");
    p.put("pipeline.hosts.output.topic", "host.metrics.agg-" + run);
    p.put("pipeline.hosts.anomalies.topic", "host.metrics.anomalies-" + run);
    Path file = work.resolve(run + ".properties");
    try (Writer out = Files.newBufferedWriter(file)) {
      p.store(out, null);
    }
    return file;
  }

  static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static Path withHttpPort(Path config, int port) throws IOException {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(config)) {
      p.load(in);
    }
    p.put("http.port", Integer.toString(port));
    Path file = config.resolveSibling("with-http-" + config.getFileName());
    try (Writer out = Files.newBufferedWriter(file)) {
      p.store(out, null);
    }
    return file;
  }

  static void assertHttpEndpointShowsTheSeries(int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    URI seriesUri =
        URI.create(
            "http://127.0.0.1:" + port + "/pipelines/hosts/series?hostname=web-3&region=eu-west-1");
    // The store is read while the app runs: wait until it shows the last window.
    JsonNode body =
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  HttpResponse<String> r =
                      http.send(
                          HttpRequest.newBuilder(seriesUri).build(),
                          HttpResponse.BodyHandlers.ofString());
                  return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
                },
                b ->
                    b != null
                        && b.get("windows").size() == 10
                        && b.get("windows").get(9).get("window_start").asLong()
                            == 1_672_531_200_000L + 19 * 60_000L);
    assertThat(body.get("anomalies").toString()).contains("threshold_above");
    HttpResponse<String> missing =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + port + "/pipelines/hosts/series?hostname=web-3"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(400);
  }

  /** Child logs stay in target/ for a look after a failure. */
  static Path logs() throws IOException {
    return Files.createDirectories(Path.of("target", "restart-it-logs"));
  }

  Process startApp(String run, Path config) throws IOException {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-cp",
            classpath,
            StreamsApp.class.getName(),
            config.toString())
        .redirectErrorStream(true)
        .redirectOutput(logs().resolve(run + ".log").toFile())
        .start();
  }

  /** Committed final aggregates by series and window (read_committed: aborted writes unseen). */
  static Map<String, String> finals(String topic, int expected, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    Map<String, String> finals = new TreeMap<>();
    int seen = 0;
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(topic));
      while (finals.size() < expected && System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          seen++;
          try {
            JsonNode n = JSON.readTree(record.value());
            String key = n.get("hostname").asText() + "@" + n.get("window_start").asLong();
            assertThat(finals).as("a second final for " + key).doesNotContainKey(key);
            finals.put(key, n.toString());
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        }
      }
    }
    assertThat(seen).isEqualTo(finals.size());
    return finals;
  }

  @Test
  void shouldProduceTheSameFinalAggregatesWhenKilledAndRestartedMidStream() throws Exception {
    int httpPort = freePort();
    Process uninterrupted = startApp("a", withHttpPort(config("a"), httpPort));
    Map<String, String> expected;
    try {
      expected = finals("host.metrics.agg-a", WINDOWS, Duration.ofSeconds(120));
      assertHttpEndpointShowsTheSeries(httpPort);
    } finally {
      uninterrupted.destroy();
      uninterrupted.waitFor();
    }
    assertThat(expected).hasSize(WINDOWS);
    assertThat(expected.values()).anySatisfy(v -> assertThat(v).contains("threshold_above"));

    Path config = config("b");
    Process first = startApp("b", config);
    finals("host.metrics.agg-b", WINDOWS / 4, Duration.ofSeconds(120)); // mid-stream
    first.destroyForcibly(); // SIGKILL: no clean shutdown, open transaction left behind
    first.waitFor();
    Process second = startApp("b-restart", config);
    Map<String, String> restarted;
    try {
      restarted = finals("host.metrics.agg-b", WINDOWS, Duration.ofSeconds(120));
    } finally {
      second.destroy();
      second.waitFor();
    }
    assertThat(restarted).isEqualTo(expected);
  }
}
