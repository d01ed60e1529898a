package dev.tskafka.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tskafka.kafkalocal.KafkaBroker;
import dev.tskafka.kafkalocal.LocalSchemaRegistry;
import dev.tskafka.kafkalocal.TestStack;
import dev.tskafka.streams.config.AppConfig;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app on a real broker with a real Apicurio Registry: the same readings as JSON and as
 * registry-framed Avro (Apicurio's serializer, Confluent framing) give the same final aggregates
 * and anomalies; Avro outputs decode through the registry into the same values; bytes the registry
 * deserializer cannot read go to the dead-letter topic with their reasons.
 *
 * <p>Pipelines, identical but for their topics and formats: {@code js} (JSON in, JSON out), {@code
 * av} (Avro in, JSON out), {@code avout} (Avro in, Avro out).
 */
class AvroAnalyticsIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(45);
  static final long T0 = 1_672_531_200_000L; // 2023-01-01T00:00:00Z
  static final int HOSTS = 2;
  static final int READINGS = 50; // every 100 ms: five 1 s windows per host
  static final int FINALS = HOSTS * 5;

  static final Schema READING =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"HostReading","namespace":"it","fields":[
                {"name":"host","type":"string"},
                {"name":"region","type":{"type":"enum","name":"Region","symbols":["eu_west_1","us_east_1"]}},
                {"name":"cpu","type":"double"},
                {"name":"mem","type":["null","float"],"default":null},
                {"name":"requests","type":"int"},
                {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}}]}
              """);

  /** A later, wrong version: host optional, cpu a string. */
  static final Schema BAD_READING =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"HostReading","namespace":"it","fields":[
                {"name":"host","type":["null","string"],"default":null},
                {"name":"region","type":"string"},
                {"name":"cpu","type":"string"},
                {"name":"ts","type":"long"}]}
              """);

  static KafkaBroker broker;
  static LocalSchemaRegistry registry;
  static StreamsApp app;
  @TempDir static Path work;

  /** The bad inputs, in order, and what their dead letters must say. */
  static final List<String> BAD_REASONS =
      List.of(
          // an id the registry never handed out
          "not readable by AvroKafkaDeserializer: "
              + "io.apicurio.registry.rest.client.exception.ContentNotFoundException:"
              + " No content with id/hash 'contentId-9999' was found",
          // not registry-framed at all (Apicurio then looks for the id in the disabled headers)
          "not readable by AvroKafkaDeserializer: java.lang.IllegalStateException:"
              + " artifact reference cannot be null",
          "missing dimension 'host'",
          "measure 'cpu' is \"high\", not a number");

  static List<byte[]> badRecords;

  @BeforeAll
  static void start() throws Exception {
    TestStack stack = TestStack.get();
    Assumptions.assumeTrue(stack.available(), stack.reason());
    CompletableFuture<LocalSchemaRegistry> starting =
        CompletableFuture.supplyAsync(LocalSchemaRegistry::start);
    broker = stack.startBroker();
    registry = starting.get();
    for (String in : List.of("json.in", "avro.in", "avro.out.in")) {
      broker.createTopic(in, 1);
    }

    List<ProducerRecord<String, String>> json = new ArrayList<>();
    List<GenericRecord> avro = new ArrayList<>();
    for (int i = 0; i < READINGS; i++) {
      for (int h = 0; h < HOSTS; h++) {
        String host = "web-" + h;
        String region = h == 0 ? "eu_west_1" : "us_east_1";
        double cpu = 20 + h * 5 + (i % 7) + 0.25 * h + (h == 1 && i == 23 ? 75 : 0);
        Float mem = i % 5 == 0 ? null : 40 + i * 0.1f;
        int requests = i * 3 + h;
        long ts = T0 + i * 100L;
        json.add(
            new ProducerRecord<>(
                "json.in",
                host,
                String.format(
                    "{\"host\":\"%s\",\"region\":\"%s\",\"cpu\":%s,\"mem\":%s,\"requests\":%d,\"ts\":%d}",
                    host, region, cpu, mem, requests, ts)));
        GenericRecord r = new GenericData.Record(READING);
        r.put("host", host);
        r.put("region", new GenericData.EnumSymbol(READING.getField("region").schema(), region));
        r.put("cpu", cpu);
        r.put("mem", mem);
        r.put("requests", requests);
        r.put("ts", ts);
        avro.add(r);
      }
    }
    badRecords = badRecords();
    for (String topic : List.of("avro.in", "avro.out.in")) {
      produceBytes(topic, badRecords);
      produceAvro(topic, avro);
    }
    broker.produce(json);

    app = StreamsApp.start(AppConfig.from(config()));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  static Properties config() {
    Properties p = new Properties();
    p.put("application.id", "avro-it-" + UUID.randomUUID());
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put("state.dir", work.resolve("state").toString());
    p.put("commit.interval.ms", "200");
    p.put("pipelines", "js,av,avout");
    for (String name : List.of("js", "av", "avout")) {
      String k = "pipeline." + name + ".";
      p.put(k + "input.partitioned.by.series", "true");
      p.put(k + "dimensions", "host,region");
      p.put(k + "measures", "cpu,mem,requests");
      p.put(k + "time.field", "ts");
      p.put(k + "window.size", "1s");
      p.put(k + "quiet.after", "1s");
      p.put(k + "rules", "cpu.max:above:90");
    }
    p.put("pipeline.js.input.topics", "json.in");
    p.put("pipeline.av.input.topics", "avro.in");
    p.put("pipeline.av.input.format", "avro");
    p.put("pipeline.avout.input.topics", "avro.out.in");
    p.put("pipeline.avout.input.format", "avro");
    p.put("pipeline.avout.output.format", "avro");
    // App-wide serde settings: Confluent framing against Apicurio, output schemas auto-registered.
    serdeConfig().forEach((key, value) -> p.put("serde." + key, String.valueOf(value)));
    return p;
  }

  static Map<String, Object> serdeConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(SerdeConfig.REGISTRY_URL, registry.apicurioUrl());
    config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
    config.put(SerdeConfig.ENABLE_CONFLUENT_ID_HANDLER, true);
    config.put(SerdeConfig.USE_ID, "contentId");
    config.put(SerdeConfig.ENABLE_HEADERS, false);
    return config;
  }

  @Test
  void shouldComputeTheSameAggregatesAndAnomaliesFromAvroAsFromJson() throws Exception {
    Map<String, Map<String, Object>> fromJson = byWindow(readJson("json.in.agg", FINALS));
    Map<String, Map<String, Object>> fromAvro = byWindow(readJson("avro.in.agg", FINALS));
    assertThat(fromJson).hasSize(FINALS);
    assertThat(fromAvro).isEqualTo(fromJson);
    // The data is what it should be: full windows, a null measure skipped, the spike flagged.
    Map<String, Object> spike = fromJson.get("web-1@" + (T0 + 2_000));
    assertThat(spike)
        .containsEntry("cpu_count", 10.0)
        .containsEntry("mem_count", 8.0)
        .containsEntry("anomaly", true)
        .containsEntry("anomalies", "threshold_above:cpu.max")
        .containsKeys("cpu_p99", "requests_mean", "cpu_moving_avg", "cpu_change");
    Map<String, Object> anomaly = readJson("avro.in.anomalies", 1).get(0);
    Map<String, Object> expected = readJson("json.in.anomalies", 1).get(0);
    assertThat(anomaly.remove("pipeline")).isEqualTo("av");
    expected.remove("pipeline");
    assertThat(anomaly).isEqualTo(expected).containsEntry("value", 102.25);
  }

  @Test
  void shouldWriteAvroOutputsThatDecodeToTheSameValues() throws Exception {
    Map<String, Map<String, Object>> fromJson = byWindow(readJson("json.in.agg", FINALS));
    List<Map<String, Object>> decoded = new ArrayList<>();
    for (GenericRecord r : readAvro("avro.out.in.agg", FINALS)) {
      assertThat(r.getSchema().getFullName()).isEqualTo("dev.tskafka.streams.avout.Aggregate");
      decoded.add(plain(r));
    }
    assertThat(byWindow(decoded)).isEqualTo(fromJson);

    Map<String, Object> anomaly = plain(readAvro("avro.out.in.anomalies", 1).get(0));
    Map<String, Object> expected = readJson("json.in.anomalies", 1).get(0);
    anomaly.remove("pipeline");
    expected.remove("pipeline");
    assertThat(anomaly).isEqualTo(expected);
    assertThat(registry.subjects())
        .contains("avro.out.in.agg-value", "avro.out.in.anomalies-value", "avro.out.in.dlq-value");
  }

  @Test
  void shouldSendUnreadableAvroToTheDeadLetterTopicWithTheReason() throws Exception {
    List<Map<String, Object>> dead = readJson("avro.in.dlq", BAD_REASONS.size());
    for (int i = 0; i < BAD_REASONS.size(); i++) {
      assertThat((String) dead.get(i).get("reason")).contains(BAD_REASONS.get(i));
      assertThat(dead.get(i)).containsEntry("topic", "avro.in").containsEntry("offset", (double) i);
      assertThat(Base64.getDecoder().decode((String) dead.get(i).get("value_base64")))
          .isEqualTo(badRecords.get(i));
    }
    assertThat(deadLetterCount("av")).isEqualTo(BAD_REASONS.size());
    assertThat(deadLetterCount("js")).isZero();

    List<GenericRecord> avroDead = readAvro("avro.out.in.dlq", BAD_REASONS.size());
    for (int i = 0; i < BAD_REASONS.size(); i++) {
      GenericRecord r = avroDead.get(i);
      assertThat(r.get("reason").toString()).isEqualTo(dead.get(i).get("reason"));
      assertThat(r.get("offset")).isEqualTo((long) i);
      ByteBuffer value = (ByteBuffer) r.get("value");
      byte[] bytes = new byte[value.remaining()];
      value.get(bytes);
      assertThat(bytes).isEqualTo(badRecords.get(i));
    }
  }

  // --- helpers

  static List<byte[]> badRecords() {
    List<byte[]> bad = new ArrayList<>();
    // Confluent framing with an id the registry never handed out.
    bad.add(new byte[] {0, 0, 0, 0x27, 0x0f, 2, 'x'});
    bad.add("not avro at all".getBytes(StandardCharsets.UTF_8));
    AvroKafkaSerializer<GenericRecord> serializer = new AvroKafkaSerializer<>();
    serializer.configure(serdeConfig(), false);
    try (serializer) {
      GenericRecord noHost = new GenericData.Record(BAD_READING);
      noHost.put("region", "eu_west_1");
      noHost.put("cpu", "12.5");
      noHost.put("ts", T0);
      bad.add(serializer.serialize("avro.bad", noHost));
      GenericRecord textCpu = new GenericData.Record(BAD_READING);
      textCpu.put("host", "web-9");
      textCpu.put("region", "eu_west_1");
      textCpu.put("cpu", "high");
      textCpu.put("ts", T0);
      bad.add(serializer.serialize("avro.bad", textCpu));
    }
    return bad;
  }

  static void produceAvro(String topic, List<GenericRecord> values) {
    Map<String, Object> config = new HashMap<>(serdeConfig());
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    AvroKafkaSerializer<GenericRecord> serializer = new AvroKafkaSerializer<>();
    serializer.configure(config, false);
    try (KafkaProducer<String, GenericRecord> producer =
        new KafkaProducer<>(config, new StringSerializer(), serializer)) {
      for (GenericRecord value : values) {
        producer.send(new ProducerRecord<>(topic, value.get("host").toString(), value));
      }
      producer.flush();
    }
  }

  static void produceBytes(String topic, List<byte[]> values) {
    Map<String, Object> config =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] value : values) {
        producer.send(new ProducerRecord<>(topic, value));
      }
      producer.flush();
    }
  }

  static <V> List<V> read(String topic, int count, Deserializer<V> values) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<V> out = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), values)) {
      consumer.subscribe(List.of(topic));
      while (out.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
      }
    }
    assertThat(out).as("records in " + topic).hasSize(count);
    return out;
  }

  static List<Map<String, Object>> readJson(String topic, int count) throws Exception {
    List<Map<String, Object>> out = new ArrayList<>();
    for (byte[] value : read(topic, count, new ByteArrayDeserializer())) {
      out.add(plain(JSON.readTree(value)));
    }
    return out;
  }

  static List<GenericRecord> readAvro(String topic, int count) {
    AvroKafkaDeserializer<GenericRecord> deserializer = new AvroKafkaDeserializer<>();
    deserializer.configure(serdeConfig(), false);
    return read(topic, count, deserializer);
  }

  /** Field → value, numbers as doubles, for comparing JSON with Avro. */
  static Map<String, Object> plain(JsonNode node) {
    Map<String, Object> m = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode v = e.getValue();
      m.put(e.getKey(), v.isNumber() ? v.asDouble() : v.isBoolean() ? v.asBoolean() : v.asText());
    }
    return m;
  }

  /** Field → value of an Avro record, nulls left out (JSON omits them), numbers as doubles. */
  static Map<String, Object> plain(GenericRecord r) {
    Map<String, Object> m = new TreeMap<>();
    for (Schema.Field f : r.getSchema().getFields()) {
      Object v = r.get(f.pos());
      if (v != null) {
        m.put(
            f.name(),
            v instanceof Number n
                ? (Object) n.doubleValue()
                : v instanceof Boolean ? v : v.toString());
      }
    }
    return m;
  }

  /** Final aggregates by host and window start, without the pipeline name. */
  static Map<String, Map<String, Object>> byWindow(List<Map<String, Object>> aggregates) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    for (Map<String, Object> a : aggregates) {
      assertThat(a).containsEntry("final", true);
      Map<String, Object> copy = new TreeMap<>(a);
      copy.remove("pipeline");
      out.put(a.get("host") + "@" + ((Double) a.get("window_start")).longValue(), copy);
    }
    return out;
  }

  static int deadLetterCount(String pipeline) {
    return (int)
        app.streams().metrics().entrySet().stream()
            .filter(e -> e.getKey().name().equals("dead-letter-records-total"))
            .filter(e -> pipeline.equals(e.getKey().tags().get("timestream-analytics-id")))
            .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
            .sum();
  }
}
