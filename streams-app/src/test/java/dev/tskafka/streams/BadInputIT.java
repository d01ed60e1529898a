package dev.tskafka.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tskafka.kafkalocal.KafkaBroker;
import dev.tskafka.kafkalocal.TestStack;
import dev.tskafka.streams.config.AppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
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
 * Inputs that once stopped a stream task for good, on a real broker with exactly-once processing:
 * 200 good readings, then one from a device clock ten years ahead, one measure of {@code
 * Double.MAX_VALUE} and one 70 KB dimension value, then 200 more good readings. Every good reading
 * is aggregated, the three bad ones are dead letters with their reasons, and nothing is late.
 */
class BadInputIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOPIC = "poison.metrics";
  static final int GOOD = 400;
  static KafkaBroker broker;
  static StreamsApp app;

  @TempDir static Path work;

  @BeforeAll
  static void start() {
    TestStack stack = TestStack.get();
    Assumptions.assumeTrue(stack.available(), stack.reason());
    broker = stack.startBroker();
    broker.createTopic(TOPIC, 1);
    // An hour ago, on a minute boundary: 400 readings a second apart fill seven one-minute windows.
    long t0 = (System.currentTimeMillis() - 3_600_000L) / 60_000L * 60_000L;
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (int i = 0; i < GOOD / 2; i++) {
      records.add(reading("web-1", 20 + i % 10, t0 + i * 1_000L));
    }
    records.add(reading("web-1", 55, System.currentTimeMillis() + 10L * 365 * 86_400_000L));
    records.add(
        new ProducerRecord<>(
            TOPIC,
            "web-1",
            "{\"hostname\":\"web-1\",\"region\":\"eu\",\"cpu_percent\":1.7976931348623157E308,"
                + "\"timestamp\":"
                + (t0 + 200_500L)
                + "}"));
    records.add(reading("h".repeat(70_000), 10, t0 + 200_600L));
    for (int i = GOOD / 2; i < GOOD; i++) {
      records.add(reading("web-1", 20 + i % 10, t0 + i * 1_000L));
    }
    broker.produce(records);
    app = StreamsApp.start(AppConfig.from(config()));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  static ProducerRecord<String, String> reading(String host, double cpu, long time) {
    return new ProducerRecord<>(
        TOPIC,
        host.length() > 100 ? "long" : host,
        String.format(
            Locale.ROOT,
            "{\"hostname\":\"%s\",\"region\":\"eu\",\"cpu_percent\":%s,\"timestamp\":%d}",
            host,
            cpu,
            time));
  }

  static Properties config() {
    Properties p = new Properties();
    p.put("application.id", "bad-input-it-" + UUID.randomUUID());
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put("state.dir", work.resolve("state").toString());
    p.put("processing.guarantee", "exactly_once_v2");
    p.put("commit.interval.ms", "200");
    p.put("replication.factor", "1");
    p.put("pipelines", "hosts");
    p.put("pipeline.hosts.input.topics", TOPIC);
    p.put("pipeline.hosts.input.partitioned.by.series", "true");
    p.put("pipeline.hosts.dimensions", "hostname,region");
    p.put("pipeline.hosts.measures", "cpu_percent");
    p.put("pipeline.hosts.time.field", "timestamp");
    p.put("pipeline.hosts.window.size", "1m");
    p.put("pipeline.hosts.quiet.after", "2s");
    return p;
  }

  @Test
  void shouldAggregateEveryGoodReadingAndDeadLetterTheOnesThatWouldStallTheTask() {
    List<JsonNode> windows = read(TOPIC + ".agg", 7, Duration.ofSeconds(90));
    assertThat(windows.stream().mapToLong(w -> w.get("cpu_percent_count").asLong()).sum())
        .as("good readings aggregated")
        .isEqualTo(GOOD);
    assertThat(read(TOPIC + ".dlq", 3, Duration.ofSeconds(30)))
        .extracting(n -> n.get("reason").asText())
        .satisfiesExactly(
            r -> assertThat(r).contains("ahead of this machine's clock"),
            r -> assertThat(r).contains("beyond ±1.0E150"),
            r -> assertThat(r).contains("Timestream allows 2048"));
    assertThat(read(TOPIC + ".late", 1, Duration.ofSeconds(3))).as("late records").isEmpty();
  }

  /**
   * Up to {@code atLeast} committed records of a topic, waiting at most {@code timeout}, then
   * whatever else arrived meanwhile.
   */
  static List<JsonNode> read(String topic, int atLeast, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<JsonNode> values = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(topic));
      while (values.size() < atLeast && System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(300))) {
          try {
            values.add(JSON.readTree(record.value()));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    }
    return values;
  }
}
