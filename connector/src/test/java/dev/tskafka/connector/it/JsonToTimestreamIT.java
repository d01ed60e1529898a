package dev.tskafka.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tskafka.kafkalocal.ConfigValidation;
import dev.tskafka.local.store.MeasureValue;
import dev.tskafka.local.store.MeasureValueType;
import dev.tskafka.local.store.StoredRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The seed's scenarios, end to end: JSON on a topic, Connect REST, rows in timestream-local. */
class JsonToTimestreamIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  final ConnectorStack stack = ConnectorStack.get();

  @AfterEach
  void deleteConnectors() {
    stack.deleteConnectors();
  }

  @Test
  void shouldLoadConnectorFromPluginZipOnly() {
    assertThat(stack.rest().connectorPlugins()).contains(ConnectorStack.CONNECTOR_CLASS);
    assertThatThrownBy(() -> Class.forName(ConnectorStack.CONNECTOR_CLASS))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void shouldCommitTheConsumedOffsetsWhenATransformRenamesTheTopic() throws Exception {
    String topic = ConnectorStack.unique("raw");
    String routed = topic + "_routed";
    stack.broker().createTopic(topic, 1);
    long now = System.currentTimeMillis();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      values.add(
          String.format(
              "{\"device_id\":\"sensor_%03d\",\"temperature\":%d,\"timestamp\":%d}",
              i, 20 + i, now - 60_000 + i));
    }
    stack.broker().produce(topic, values);

    Map<String, String> config = stack.baseConfig(topic, "${topic}");
    config.put("timestream.dimensions", "device_id");
    config.put("timestream.time.field", "timestamp");
    config.put("transforms", "route");
    config.put("transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter");
    config.put("transforms.route.regex", "(.*)");
    config.put("transforms.route.replacement", "$1_routed");
    String name = ConnectorStack.unique("routed-sink");
    stack.deploy(name, config);

    await().atMost(WAIT).until(() -> stack.rowCount(routed) == 20);
    // Offsets belong to the topic the consumer read, not to the name the transform gave it.
    stack.awaitCommitted(name, topic, 20, WAIT);
  }

  @Test
  void shouldWriteSchemalessJsonAsMultiMeasureRecords() {
    String topic = ConnectorStack.unique("iot");
    String table = ConnectorStack.unique("SensorData");
    stack.broker().createTopic(topic, 2);
    long now = System.currentTimeMillis();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      values.add(
          String.format(
              "{\"device_id\":\"sensor_%03d\",\"location\":\"warehouse_1\",\"temperature\":%s,"
                  + "\"humidity\":%d,\"timestamp\":%d}",
              i % 10, 20 + i * 0.5, 60 + i, now - 60_000 + i));
    }
    stack.broker().produce(topic, values);

    Map<String, String> config = stack.baseConfig(topic, table);
    config.put("timestream.dimensions", "device_id,location");
    config.put("timestream.time.field", "timestamp");
    config.put("timestream.measure.name", "metrics");
    String name = ConnectorStack.unique("iot-sink");
    stack.deploy(name, config);
    stack.rest().awaitRunning(name, WAIT);

    await().atMost(WAIT).until(() -> stack.rowCount(table) == 50);
    StoredRow first =
        stack.rows(table).stream()
            .min(Comparator.comparingLong(StoredRow::timeNanos))
            .orElseThrow();
    assertThat(first.series().asMap())
        .containsEntry("device_id", "sensor_000")
        .containsEntry("location", "warehouse_1");
    assertThat(first.measureName()).isEqualTo("metrics");
    assertThat(first.type()).isEqualTo(MeasureValueType.MULTI);
    assertThat(first.values())
        .containsExactlyInAnyOrder(
            new MeasureValue("temperature", MeasureValueType.DOUBLE, "20.0"),
            new MeasureValue("humidity", MeasureValueType.BIGINT, "60"));
    assertThat(first.timeNanos()).isEqualTo((now - 60_000) * 1_000_000L);
    assertThat(first.version()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void shouldWriteJsonWithSchemasAsSingleMeasureRecords() {
    String topic = ConnectorStack.unique("api");
    String table = ConnectorStack.unique("APIMetrics");
    stack.broker().createTopic(topic, 1);
    long now = System.currentTimeMillis();
    String schema =
        "{\"type\":\"struct\",\"fields\":["
            + "{\"field\":\"service\",\"type\":\"string\"},"
            + "{\"field\":\"endpoint\",\"type\":\"string\"},"
            + "{\"field\":\"status_code\",\"type\":\"int32\"},"
            + "{\"field\":\"latency_ms\",\"type\":\"double\"},"
            + "{\"field\":\"at\",\"type\":\"int64\",\"name\":\"org.apache.kafka.connect.data.Timestamp\",\"version\":1}"
            + "]}";
    List<String> values = new ArrayList<>();
    String[] endpoints = {"/api/users", "/api/orders", "/api/products"};
    for (int i = 0; i < 30; i++) {
      values.add(
          String.format(
              "{\"schema\":%s,\"payload\":{\"service\":\"web-api\",\"endpoint\":\"%s\","
                  + "\"status_code\":%d,\"latency_ms\":%s,\"at\":%d}}",
              schema, endpoints[i % 3], i % 5 == 0 ? 500 : 200, 10.0 + i, now - 10_000 + i));
    }
    stack.broker().produce(topic, values);

    Map<String, String> config = stack.baseConfig(topic, table);
    config.put("value.converter.schemas.enable", "true");
    config.put("timestream.record.shape", "SINGLE");
    config.put("timestream.dimensions", "service,endpoint,status_code");
    config.put("timestream.measures", "latency_ms:DOUBLE");
    config.put("timestream.time.field", "at");
    String name = ConnectorStack.unique("api-sink");
    stack.deploy(name, config);

    await().atMost(WAIT).until(() -> stack.rowCount(table) == 30);
    List<StoredRow> rows = stack.rows(table);
    assertThat(rows).allSatisfy(r -> assertThat(r.measureName()).isEqualTo("latency_ms"));
    assertThat(rows).allSatisfy(r -> assertThat(r.type()).isEqualTo(MeasureValueType.DOUBLE));
    StoredRow last =
        rows.stream().max(Comparator.comparingLong(StoredRow::timeNanos)).orElseThrow();
    assertThat(last.series().asMap())
        .containsEntry("service", "web-api")
        .containsEntry("endpoint", "/api/products")
        .containsEntry("status_code", "200");
    assertThat(last.value()).isEqualTo("39.0");
  }

  @Test
  void shouldWriteLongFormatEventsWithMeasureNameFromField() {
    String topic = ConnectorStack.unique("events");
    String table = ConnectorStack.unique("Events");
    stack.broker().createTopic(topic, 1);
    long now = System.currentTimeMillis();
    stack
        .broker()
        .produce(
            topic,
            List.of(
                "{\"device_id\":\"sensor_001\",\"location\":\"dock\",\"measure_name\":\"temperature\",\"value\":25.5,\"timestamp\":"
                    + now
                    + "}",
                "{\"device_id\":\"sensor_001\",\"location\":\"dock\",\"measure_name\":\"humidity\",\"value\":61,\"timestamp\":"
                    + now
                    + "}"));
    Map<String, String> config = stack.baseConfig(topic, table);
    config.put("timestream.record.shape", "SINGLE");
    config.put("timestream.dimensions", "device_id,location");
    config.put("timestream.measure.name", "${measure_name}");
    config.put("timestream.measures", "value:DOUBLE");
    config.put("timestream.time.field", "timestamp");
    config.put("timestream.time.unit", "MILLISECONDS");
    String name = ConnectorStack.unique("events-sink");
    stack.deploy(name, config);

    await().atMost(WAIT).until(() -> stack.rowCount(table) == 2);
    assertThat(stack.rows(table))
        .extracting(StoredRow::measureName, StoredRow::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("temperature", "25.5"),
            org.assertj.core.groups.Tuple.tuple("humidity", "61"));
  }

  @Test
  void shouldNeverLogSecretsOfARunningConnector() {
    String topic = ConnectorStack.unique("secrets");
    stack.broker().createTopic(topic, 1);
    Map<String, String> config = stack.baseConfig(topic, ConnectorStack.unique("Secrets"));
    config.put("timestream.dimensions", "host");
    config.put("timestream.aws.session.token", "session-token-that-must-not-leak");
    String name = ConnectorStack.unique("secrets-sink");
    stack.deploy(name, config);
    stack.rest().awaitRunning(name, WAIT);
    await().atMost(WAIT).until(() -> stack.workerLog().contains("Timestream sink task started"));

    String log = stack.workerLog();
    assertThat(log).contains("timestream.aws.secret.access.key = [hidden]");
    assertThat(log)
        .doesNotContain("secret-that-must-not-leak")
        .doesNotContain("session-token-that-must-not-leak");
  }

  @Test
  void shouldFailTaskAtStartWhenTableIsMissingAndAutoCreateIsOff() {
    String topic = ConnectorStack.unique("missing");
    stack.broker().createTopic(topic, 1);
    Map<String, String> config = stack.baseConfig(topic, "no_such_table");
    config.put("timestream.table.auto.create", "false");
    config.put("timestream.dimensions", "host");
    String name = ConnectorStack.unique("missing-sink");
    stack.deploy(name, config);

    assertThat(stack.awaitFailedTaskTrace(name))
        .contains("no_such_table does not exist")
        .contains("timestream.table.auto.create=true");
  }

  @Test
  void shouldReportBadSettingsAsFieldErrorsThroughRestValidate() {
    Map<String, String> config = stack.baseConfig("t", "table");
    config.remove("timestream.database");
    config.put("timestream.dimensions", "device_id");
    config.put("timestream.batch.size", "1000");
    config.put("timestream.credentials.provider", "STATIC");
    config.remove("timestream.aws.secret.access.key");
    config.put("timestream.version.source", "FIELD");

    ConfigValidation validation = stack.rest().validate(ConnectorStack.CONNECTOR_CLASS, config);

    assertThat(validation.errors())
        .containsOnlyKeys(
            "timestream.database",
            "timestream.batch.size",
            "timestream.aws.secret.access.key",
            "timestream.version.field");
    assertThat(validation.errorCount()).as(validation.toString()).isEqualTo(4);
    assertThat(validation.errors().get("timestream.version.field").get(0))
        .contains("required when timestream.version.source is FIELD");
  }
}
