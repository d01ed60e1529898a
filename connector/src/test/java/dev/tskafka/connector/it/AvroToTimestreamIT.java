package dev.tskafka.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tskafka.kafkalocal.LocalSchemaRegistry;
import dev.tskafka.local.store.MeasureValue;
import dev.tskafka.local.store.MeasureValueType;
import dev.tskafka.local.store.StoredRow;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Avro with a real schema registry, end to end: Apicurio Registry 2.6 started from its Maven
 * artifact, producers writing with Apicurio's serde in the Confluent wire format (magic byte 0,
 * 4-byte content id, Avro binary), the connector running under Apicurio's AvroConverter, which the
 * worker loads from its own plugin directory, and the rows checked in timestream-local.
 */
class AvroToTimestreamIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String AVRO_CONVERTER = "io.apicurio.registry.utils.converter.AvroConverter";

  static final String READING_SCHEMA =
      """
      {"type":"record","name":"Reading","namespace":"dev.tskafka.it.avro","fields":[
        {"name":"device","type":"string"},
        {"name":"location","type":{"type":"record","name":"Location","fields":[
          {"name":"site","type":"string"},
          {"name":"zone","type":{"type":"enum","name":"Zone","symbols":["NORTH","SOUTH"]}}]}},
        {"name":"status","type":{"type":"enum","name":"Status","symbols":["OK","DEGRADED"]}},
        {"name":"tags","type":{"type":"map","values":"string"}},
        {"name":"time","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"temperature","type":"double"},
        {"name":"humidity","type":["null","double"],"default":null},
        {"name":"pressure","type":"float"},
        {"name":"count","type":"int"},
        {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
        {"name":"day","type":{"type":"int","logicalType":"date"}},
        {"name":"samples","type":{"type":"array","items":"double"}}]}
      """;

  static final String MICROS_SCHEMA =
      """
      {"type":"record","name":"Tick","namespace":"dev.tskafka.it.avro","fields":[
        {"name":"symbol","type":"string"},
        {"name":"at","type":{"type":"long","logicalType":"timestamp-micros"}},
        {"name":"price","type":"double"}]}
      """;

  static final String HOST_V1 =
      """
      {"type":"record","name":"Host","namespace":"dev.tskafka.it.avro","fields":[
        {"name":"host","type":"string"},
        {"name":"time","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"cpu","type":"double"}]}
      """;

  /** v2 adds an optional field. */
  static final String HOST_V2 =
      """
      {"type":"record","name":"Host","namespace":"dev.tskafka.it.avro","fields":[
        {"name":"host","type":"string"},
        {"name":"time","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"cpu","type":"double"},
        {"name":"memory","type":["null","double"],"default":null}]}
      """;

  /** v3 removes cpu. */
  static final String HOST_V3 =
      """
      {"type":"record","name":"Host","namespace":"dev.tskafka.it.avro","fields":[
        {"name":"host","type":"string"},
        {"name":"time","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"memory","type":["null","double"],"default":null}]}
      """;

  final ConnectorStack stack = ConnectorStack.get();
  final LocalSchemaRegistry registry = stack.registry();

  @AfterEach
  void deleteConnectors() {
    stack.deleteConnectors();
  }

  @Test
  void shouldLoadApicurioConverterFromItsOwnPluginDirectory() throws Exception {
    // Only the worker's plugin directory holds it: the build keeps it off this classpath.
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Class.forName(AVRO_CONVERTER)))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void shouldMapNestedRecordsEnumsUnionsMapsAndLogicalTypes() {
    String topic = ConnectorStack.unique("avro_readings");
    String table = ConnectorStack.unique("Readings");
    stack.broker().createTopic(topic, 1);
    Schema schema = new Schema.Parser().parse(READING_SCHEMA);
    long now = System.currentTimeMillis();
    int today = (int) LocalDate.now(java.time.ZoneOffset.UTC).toEpochDay();
    GenericRecord withHumidity =
        reading(schema, "sensor-1", "SOUTH", "OK", now - 2_000, 21.5, 40.25, 21.3f, "19.99", today);
    GenericRecord nullHumidity =
        reading(
            schema, "sensor-2", "NORTH", "DEGRADED", now - 1_000, -3.0, null, 0.5f, "0.10", today);
    produceWithSerde(topic, List.of(withHumidity, nullHumidity));

    Map<String, String> config = avroConfig(topic, table);
    config.put(
        "timestream.dimensions",
        "device,location.site:site,location.zone:zone,status,tags.region:region");
    config.put(
        "timestream.measures",
        "temperature,humidity,pressure,count,price,day,samples.0:first_sample");
    config.put("timestream.time.field", "time");
    String name = ConnectorStack.unique("avro-readings-sink");
    stack.deploy(name, config);
    stack.rest().awaitRunning(name, WAIT);

    await().atMost(WAIT).until(() -> stack.rowCount(table) == 2);
    List<StoredRow> rows =
        stack.rows(table).stream().sorted(Comparator.comparingLong(StoredRow::timeNanos)).toList();
    long dayMillis = today * 86_400_000L;

    StoredRow first = rows.get(0);
    assertThat(first.series().asMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "device", "sensor-1",
                "site", "plant-7",
                "zone", "SOUTH",
                "status", "OK",
                "region", "eu-west-1"));
    assertThat(first.timeNanos()).isEqualTo((now - 2_000) * 1_000_000L);
    assertThat(first.measureName()).isEqualTo("metrics");
    assertThat(first.values())
        .containsExactlyInAnyOrder(
            new MeasureValue("temperature", MeasureValueType.DOUBLE, "21.5"),
            new MeasureValue("humidity", MeasureValueType.DOUBLE, "40.25"),
            new MeasureValue("pressure", MeasureValueType.DOUBLE, "21.3"),
            new MeasureValue("count", MeasureValueType.BIGINT, "7"),
            new MeasureValue("price", MeasureValueType.DOUBLE, "19.99"),
            // Sent in the record's unit (ms); timestream-local keeps TIMESTAMP values as epoch ns.
            new MeasureValue(
                "day", MeasureValueType.TIMESTAMP, Long.toString(dayMillis * 1_000_000L)),
            new MeasureValue("first_sample", MeasureValueType.DOUBLE, "1.5"));

    StoredRow second = rows.get(1);
    assertThat(second.series().asMap())
        .containsEntry("device", "sensor-2")
        .containsEntry("zone", "NORTH")
        .containsEntry("status", "DEGRADED");
    assertThat(second.timeNanos()).isEqualTo((now - 1_000) * 1_000_000L);
    // The null branch of ["null","double"] leaves the measure out.
    assertThat(second.values())
        .extracting(MeasureValue::name)
        .containsExactlyInAnyOrder(
            "temperature", "pressure", "count", "price", "day", "first_sample");
    assertThat(second.values())
        .contains(
            new MeasureValue("temperature", MeasureValueType.DOUBLE, "-3.0"),
            new MeasureValue("price", MeasureValueType.DOUBLE, "0.10"));
  }

  @Test
  void shouldUseTimestampMicrosAsTheRecordTime() {
    String topic = ConnectorStack.unique("avro_ticks");
    String table = ConnectorStack.unique("Ticks");
    stack.broker().createTopic(topic, 1);
    Schema schema = new Schema.Parser().parse(MICROS_SCHEMA);
    long micros = System.currentTimeMillis() * 1_000L + 123;
    produceWithSerde(
        topic,
        List.of(
            new GenericRecordBuilder(schema)
                .set("symbol", "ACME")
                .set("at", micros)
                .set("price", 101.25)
                .build()));

    Map<String, String> config = avroConfig(topic, table);
    config.put("timestream.dimensions", "symbol");
    config.put("timestream.time.field", "at");
    String name = ConnectorStack.unique("avro-ticks-sink");
    stack.deploy(name, config);

    await().atMost(WAIT).until(() -> stack.rowCount(table) == 1);
    StoredRow row = stack.rows(table).get(0);
    assertThat(row.timeNanos()).isEqualTo(micros * 1_000L);
    assertThat(row.values())
        .containsExactly(new MeasureValue("price", MeasureValueType.DOUBLE, "101.25"));
  }

  @Test
  void shouldWriteEveryVersionAsTheSchemaEvolves() throws Exception {
    String topic = ConnectorStack.unique("avro_hosts");
    String table = ConnectorStack.unique("Hosts");
    stack.broker().createTopic(topic, 1);
    Schema v1 = new Schema.Parser().parse(HOST_V1);
    Schema v2 = new Schema.Parser().parse(HOST_V2);
    Schema v3 = new Schema.Parser().parse(HOST_V3);
    long t = System.currentTimeMillis() - 10_000;

    Map<String, String> config = avroConfig(topic, table);
    config.put("timestream.dimensions", "host");
    config.put("timestream.time.field", "time");
    // timestream.measures blank: every scalar field not used elsewhere
    String name = ConnectorStack.unique("avro-hosts-sink");
    stack.deploy(name, config);
    stack.rest().awaitRunning(name, WAIT);

    produceWithSerde(
        topic,
        List.of(
            new GenericRecordBuilder(v1).set("host", "h1").set("time", t).set("cpu", 10.0).build(),
            new GenericRecordBuilder(v1)
                .set("host", "h1")
                .set("time", t + 1)
                .set("cpu", 11.0)
                .build()));
    await().atMost(WAIT).until(() -> stack.rowCount(table) == 2);
    produceWithSerde(
        topic,
        List.of(
            new GenericRecordBuilder(v2)
                .set("host", "h1")
                .set("time", t + 2)
                .set("cpu", 12.0)
                .set("memory", 512.5)
                .build(),
            new GenericRecordBuilder(v2)
                .set("host", "h1")
                .set("time", t + 3)
                .set("cpu", 13.0)
                .set("memory", null)
                .build()));
    produceWithSerde(
        topic,
        List.of(
            new GenericRecordBuilder(v3)
                .set("host", "h1")
                .set("time", t + 4)
                .set("memory", 600.0)
                .build()));

    await().atMost(WAIT).until(() -> stack.rowCount(table) == 5);
    List<List<MeasureValue>> values =
        stack.rows(table).stream()
            .sorted(Comparator.comparingLong(StoredRow::timeNanos))
            .map(StoredRow::values)
            .toList();
    assertThat(values)
        .containsExactly(
            List.of(double_("cpu", "10.0")),
            List.of(double_("cpu", "11.0")),
            List.of(double_("cpu", "12.0"), double_("memory", "512.5")),
            List.of(double_("cpu", "13.0")),
            List.of(double_("memory", "600.0")));
    assertThat(registry.subjects()).contains(topic + "-value");
    assertThat(stack.rest().connectorStatus(name).tasks())
        .allSatisfy(task -> assertThat(task.state()).isEqualTo("RUNNING"));
    stack.awaitCommitted(name, topic, 5, WAIT);
  }

  @Test
  void shouldSendUnreadableBytesAndUnmappableRecordsToDeadLetterQueue() throws Exception {
    String topic = ConnectorStack.unique("avro_bad");
    String dlq = topic + "-dlq";
    String table = ConnectorStack.unique("BadBytes");
    stack.broker().createTopic(topic, 1);
    Schema schema = new Schema.Parser().parse(HOST_V1);
    long t = System.currentTimeMillis() - 5_000;
    GenericRecord good1 =
        new GenericRecordBuilder(schema).set("host", "h1").set("time", t).set("cpu", 1.0).build();
    GenericRecord good2 =
        new GenericRecordBuilder(schema)
            .set("host", "h2")
            .set("time", t + 1)
            .set("cpu", 2.0)
            .build();
    produceWithSerde(topic, List.of(good1)); // offset 0
    byte[] body = avroBinary(good2);
    int unknownId = 987_654;
    produceBytes(
        topic,
        List.of(
            confluentFramed(unknownId, body), // 1: valid framing, id never registered
            concat(new byte[] {1, 0, 0, 0, 1}, body), // 2: wrong magic byte
            new byte[] {0, 0}, // 3: truncated: no room for the 4-byte id
            "plain text".getBytes(StandardCharsets.UTF_8))); // 4: not Avro at all
    produceWithSerde(topic, List.of(good2)); // 5
    // 6: framed by hand with an id from the Confluent-compatible API, as a Confluent serializer
    // pointed at this registry would write it.
    int ccompatId = registry.registerAvroSchema(topic + "-manual", HOST_V1);
    GenericRecord good3 =
        new GenericRecordBuilder(schema)
            .set("host", "h3")
            .set("time", t + 2)
            .set("cpu", 3.0)
            .build();
    produceBytes(topic, List.of(confluentFramed(ccompatId, avroBinary(good3))));

    Map<String, String> config = avroConfig(topic, table);
    config.put("timestream.dimensions", "host");
    config.put("timestream.time.field", "time");
    ConnectorStack.deadLetterQueue(config, dlq);
    String name = ConnectorStack.unique("avro-bad-sink");
    stack.deploy(name, config);

    await().atMost(WAIT).until(() -> stack.rowCount(table) == 3);
    List<ConsumerRecord<String, String>> dead = stack.broker().consume(dlq, 4, WAIT);
    Map<String, ConsumerRecord<String, String>> byOffset = new HashMap<>();
    dead.forEach(r -> byOffset.put(header(r, "__connect.errors.offset"), r));
    assertThat(byOffset).containsOnlyKeys("1", "2", "3", "4");
    byOffset
        .values()
        .forEach(
            r -> {
              assertThat(header(r, "__connect.errors.stage")).isEqualTo("VALUE_CONVERTER");
              assertThat(header(r, "__connect.errors.class.name")).isEqualTo(AVRO_CONVERTER);
              assertThat(header(r, "__connect.errors.topic")).isEqualTo(topic);
            });
    // The reasons are the converter's own exceptions, as Apicurio 2.6 words them.
    assertThat(describe(byOffset.get("1")))
        .isEqualTo(
            "io.apicurio.registry.rest.client.exception.ContentNotFoundException:"
                + " No content with id/hash 'contentId-"
                + unknownId
                + "' was found.");
    // Without the magic byte, the deserializer looks for the id in (disabled) headers.
    assertThat(describe(byOffset.get("2")))
        .isEqualTo("java.lang.IllegalStateException: artifact reference cannot be null");
    assertThat(describe(byOffset.get("3"))).isEqualTo("java.nio.BufferUnderflowException: null");
    assertThat(describe(byOffset.get("4")))
        .isEqualTo("java.lang.IllegalStateException: artifact reference cannot be null");
    assertThat(byOffset.get("4").value()).isEqualTo("plain text"); // the original bytes

    assertThat(stack.rows(table))
        .extracting(row -> row.series().asMap().get("host"))
        .containsExactlyInAnyOrder("h1", "h2", "h3");
    stack.awaitCommitted(name, topic, 7, WAIT);
    assertThat(stack.rest().connectorStatus(name).tasks())
        .allSatisfy(task -> assertThat(task.state()).isEqualTo("RUNNING"));
  }

  @Test
  void shouldSendArrayReferencedAsMeasureToDeadLetterQueueWithReason() throws Exception {
    String topic = ConnectorStack.unique("avro_arrays");
    String dlq = topic + "-dlq";
    String table = ConnectorStack.unique("Arrays");
    stack.broker().createTopic(topic, 1);
    Schema schema = new Schema.Parser().parse(READING_SCHEMA);
    long now = System.currentTimeMillis();
    int today = (int) LocalDate.now(java.time.ZoneOffset.UTC).toEpochDay();
    produceWithSerde(
        topic,
        List.of(reading(schema, "sensor-9", "NORTH", "OK", now, 1.0, null, 1f, "1.00", today)));

    Map<String, String> config = avroConfig(topic, table);
    config.put("timestream.dimensions", "device");
    config.put("timestream.measures", "temperature,samples");
    config.put("timestream.time.field", "time");
    ConnectorStack.deadLetterQueue(config, dlq);
    String name = ConnectorStack.unique("avro-arrays-sink");
    stack.deploy(name, config);

    ConsumerRecord<String, String> dead = stack.broker().consume(dlq, 1, WAIT).get(0);
    assertThat(header(dead, "__connect.errors.exception.class.name"))
        .isEqualTo("dev.tskafka.connector.errors.UnwritableRecordException");
    assertThat(header(dead, "__connect.errors.exception.message"))
        .contains(topic + "-0@0")
        .contains("measure 'samples' is an array, not a scalar value")
        .contains("samples.0");
    assertThat(stack.rowCount(table)).isZero();
  }

  @Test
  void shouldSendAnEndOfTimeTimestampToDeadLetterQueueAndKeepTheTaskRunning() throws Exception {
    String topic = ConnectorStack.unique("avro_end_of_time");
    String dlq = topic + "-dlq";
    String table = ConnectorStack.unique("EndOfTime");
    stack.broker().createTopic(topic, 1);
    Schema schema = new Schema.Parser().parse(HOST_V1);
    long endOfTime = java.time.Instant.parse("9999-12-31T00:00:00Z").toEpochMilli();
    long t = System.currentTimeMillis() - 5_000;
    produceWithSerde(
        topic,
        List.of(
            new GenericRecordBuilder(schema)
                .set("host", "sentinel")
                .set("time", endOfTime) // offset 0: a Connect Timestamp past 2262 in nanoseconds
                .set("cpu", 1.0)
                .build(),
            new GenericRecordBuilder(schema)
                .set("host", "h1")
                .set("time", t)
                .set("cpu", 2.0)
                .build()));

    Map<String, String> config = avroConfig(topic, table);
    config.put("timestream.dimensions", "host");
    config.put("timestream.time.field", "time");
    ConnectorStack.deadLetterQueue(config, dlq);
    String name = ConnectorStack.unique("avro-end-of-time-sink");
    stack.deploy(name, config);

    ConsumerRecord<String, String> dead = stack.broker().consume(dlq, 1, WAIT).get(0);
    assertThat(header(dead, "__connect.errors.offset")).isEqualTo("0");
    assertThat(header(dead, "__connect.errors.exception.message"))
        .contains(topic + "-0@0")
        .contains("9999-12-31T00:00:00Z: out of range as a time");
    await().atMost(WAIT).until(() -> stack.rowCount(table) == 1);
    stack.awaitCommitted(name, topic, 2, WAIT);
    assertThat(stack.rest().connectorStatus(name).tasks())
        .allSatisfy(task -> assertThat(task.state()).isEqualTo("RUNNING"));
  }

  // --- helpers

  Map<String, String> avroConfig(String topic, String table) {
    Map<String, String> config = stack.baseConfig(topic, table);
    config.put("value.converter", AVRO_CONVERTER);
    config.put("value.converter.apicurio.registry.url", stack.forWorker(registry.apicurioUrl()));
    config.put("value.converter.apicurio.registry.as-confluent", "true");
    config.put("value.converter.apicurio.registry.use-id", "contentId");
    config.put("value.converter.apicurio.registry.headers.enabled", "false");
    config.remove("value.converter.schemas.enable");
    return config;
  }

  Map<String, Object> serdeConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(SerdeConfig.REGISTRY_URL, registry.apicurioUrl());
    config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
    config.put(SerdeConfig.ENABLE_CONFLUENT_ID_HANDLER, true);
    config.put(SerdeConfig.USE_ID, "contentId");
    config.put(SerdeConfig.ENABLE_HEADERS, false);
    return config;
  }

  void produceWithSerde(String topic, List<GenericRecord> values) {
    Map<String, Object> config = new HashMap<>(serdeConfig());
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker().bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    AvroKafkaSerializer<GenericRecord> serializer = new AvroKafkaSerializer<>();
    serializer.configure(config, false);
    try (KafkaProducer<String, GenericRecord> producer =
        new KafkaProducer<>(config, new StringSerializer(), serializer)) {
      for (GenericRecord value : values) {
        producer.send(new ProducerRecord<>(topic, null, value));
      }
      producer.flush();
    }
  }

  void produceBytes(String topic, List<byte[]> values) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.broker().bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] value : values) {
        producer.send(new ProducerRecord<>(topic, null, value));
      }
      producer.flush();
    }
  }

  static GenericRecord reading(
      Schema schema,
      String device,
      String zone,
      String status,
      long time,
      double temperature,
      Double humidity,
      float pressure,
      String price,
      int day) {
    Schema location = schema.getField("location").schema();
    Schema priceSchema = schema.getField("price").schema();
    ByteBuffer priceBytes =
        new Conversions.DecimalConversion()
            .toBytes(new BigDecimal(price), priceSchema, priceSchema.getLogicalType());
    return new GenericRecordBuilder(schema)
        .set("device", device)
        .set(
            "location",
            new GenericRecordBuilder(location)
                .set("site", "plant-7")
                .set("zone", new GenericData.EnumSymbol(location.getField("zone").schema(), zone))
                .build())
        .set("status", new GenericData.EnumSymbol(schema.getField("status").schema(), status))
        .set("tags", Map.of("region", "eu-west-1"))
        .set("time", time)
        .set("temperature", temperature)
        .set("humidity", humidity)
        .set("pressure", pressure)
        .set("count", 7)
        .set("price", priceBytes)
        .set("day", day)
        .set("samples", List.of(1.5, 2.5))
        .build();
  }

  static byte[] avroBinary(GenericRecord record) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  /** The Confluent wire format: magic byte 0, the schema id as 4 bytes big-endian, the body. */
  static byte[] confluentFramed(int schemaId, byte[] body) {
    return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(schemaId).put(body).array();
  }

  static byte[] concat(byte[] a, byte[] b) {
    return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
  }

  static MeasureValue double_(String name, String value) {
    return new MeasureValue(name, MeasureValueType.DOUBLE, value);
  }

  static String header(ConsumerRecord<String, String> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** The exception class and message Connect recorded, e.g. for a log line or an assertion. */
  static String describe(ConsumerRecord<String, String> record) {
    return header(record, "__connect.errors.exception.class.name")
        + ": "
        + header(record, "__connect.errors.exception.message");
  }
}
