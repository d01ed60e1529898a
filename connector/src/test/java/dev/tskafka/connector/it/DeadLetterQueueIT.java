package dev.tskafka.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tskafka.kafkalocal.ConnectorStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Records that cannot be mapped or that Timestream rejects go to the DLQ with their reason. */
class DeadLetterQueueIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  final ConnectorStack stack = ConnectorStack.get();

  @AfterEach
  void deleteConnectors() {
    stack.deleteConnectors();
  }

  static String header(ConsumerRecord<String, String> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldSendBadAndRejectedRecordsToDeadLetterQueueAndWriteTheRest() throws Exception {
    String topic = ConnectorStack.unique("hosts");
    String dlq = topic + "-dlq";
    String table = ConnectorStack.unique("SystemMetrics");
    stack.broker().createTopic(topic, 1);
    long now = System.currentTimeMillis();
    long twoDaysAgo = now - 48L * 3600 * 1000;
    List<String> values =
        List.of(
            host("web-01", "12.5", now), // offset 0: good
            "{\"hostname\":\"web-02\",\"region\":\"us-east-1\",\"cpu_percent\":\"busy\",\"timestamp\":"
                + now
                + "}", // 1: not a DOUBLE
            host("web-03", "40.0", twoDaysAgo), // 2: older than the 24 h memory store
            "{\"hostname\":\"web-04\",\"region\":\"us-east-1\",\"cpu_percent\":3.0}", // 3: no time
            "not json at all", // 4: the converter fails: Connect's own DLQ path
            host("web-05", "77.0", now + 1)); // 5: good
    stack.broker().produce(topic, values);
    stack
        .broker()
        .produce(
            List.of(
                new ProducerRecord<String, String>(
                    topic, "web-06", null))); // 6: tombstone, skipped

    Map<String, String> config = stack.baseConfig(topic, table);
    config.put("timestream.dimensions", "hostname,region");
    config.put("timestream.measures", "cpu_percent:DOUBLE");
    config.put("timestream.time.field", "timestamp");
    ConnectorStack.deadLetterQueue(config, dlq);
    String name = ConnectorStack.unique("hosts-sink");
    stack.deploy(name, config);

    await().atMost(WAIT).until(() -> stack.rowCount(table) == 2);
    List<ConsumerRecord<String, String>> dead = stack.broker().consume(dlq, 4, WAIT);
    assertThat(dead).hasSize(4);
    Map<String, ConsumerRecord<String, String>> byOffset = new HashMap<>();
    dead.forEach(r -> byOffset.put(header(r, "__connect.errors.offset"), r));
    assertThat(byOffset).containsOnlyKeys("1", "2", "3", "4");

    ConsumerRecord<String, String> notDouble = byOffset.get("1");
    assertThat(notDouble.value()).isEqualTo(values.get(1)); // the original bytes
    assertThat(header(notDouble, "__connect.errors.topic")).isEqualTo(topic);
    assertThat(header(notDouble, "__connect.errors.exception.class.name"))
        .isEqualTo("dev.tskafka.connector.errors.UnwritableRecordException");
    assertThat(header(notDouble, "__connect.errors.exception.message"))
        .contains(topic + "-0@1")
        .contains("measure 'cpu_percent' is 'busy', not a DOUBLE");
    // Rejected by the service after the task kept only a copy without the converted value: the
    // dead letter still carries the consumed bytes.
    assertThat(byOffset.get("2").value()).isEqualTo(values.get(2));
    assertThat(header(byOffset.get("2"), "__connect.errors.exception.message"))
        .contains("Timestream rejected the record")
        .contains("outside the time range");
    assertThat(header(byOffset.get("3"), "__connect.errors.exception.message"))
        .contains("time field 'timestamp' is missing or null");
    assertThat(header(byOffset.get("4"), "__connect.errors.stage")).isEqualTo("VALUE_CONVERTER");

    // Everything was written or reported, so the whole partition gets committed.
    stack.awaitCommitted(name, topic, 7, WAIT);
    ConnectorStatus status = stack.rest().connectorStatus(name);
    assertThat(status.tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
  }

  @Test
  void shouldCountAnOlderVersionOfAStoredPointAsSupersededNotAsADeadLetter() throws Exception {
    String topic = ConnectorStack.unique("versions");
    String dlq = topic + "-dlq";
    String table = ConnectorStack.unique("Versions");
    stack.broker().createTopic(topic, 1);
    long t = System.currentTimeMillis() - 60_000;
    Map<String, String> config = stack.baseConfig(topic, table);
    config.put("timestream.dimensions", "hostname,region");
    config.put("timestream.measures", "cpu_percent:DOUBLE");
    config.put("timestream.time.field", "timestamp");
    config.put("timestream.version.source", "FIELD");
    config.put("timestream.version.field", "version");
    ConnectorStack.deadLetterQueue(config, dlq);
    String name = ConnectorStack.unique("versions-sink");
    stack.deploy(name, config);

    stack.broker().produce(topic, List.of(versioned("50.0", t, 5)));
    await().atMost(WAIT).until(() -> stack.rowCount(table) == 1);
    // An update older than the stored one, as when parallel calls land out of order.
    stack.broker().produce(topic, List.of(versioned("30.0", t, 3), versioned("70.0", t + 1, 1)));
    await().atMost(WAIT).until(() -> stack.rowCount(table) == 2);

    var stored = stack.rows(table).get(0);
    assertThat(stored.version()).isEqualTo(5);
    String value = stored.values() != null ? stored.values().get(0).value() : stored.value();
    assertThat(Double.parseDouble(value)).isEqualTo(50.0);
    var jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
    var task =
        new javax.management.ObjectName("kafka.connect:type=plugins,connector=" + name + ",task=0");
    await()
        .atMost(WAIT)
        .until(() -> ((Number) jmx.getAttribute(task, "records-superseded-total")).intValue() == 1);
    assertThat(((Number) jmx.getAttribute(task, "records-rejected-total")).intValue()).isZero();
    assertThat(((Number) jmx.getAttribute(task, "records-dlq-total")).intValue()).isZero();
  }

  @Test
  void shouldNeverCommitARejectedRecordBeforeItsDeadLetterWriteSucceeds() throws Exception {
    String topic = ConnectorStack.unique("dlq_fails");
    String dlq = topic + "-dlq";
    String table = ConnectorStack.unique("DlqFails");
    stack.broker().createTopic(topic, 1);
    // A dead-letter topic that refuses every record: each DLQ write fails.
    stack
        .broker()
        .createTopic(
            new org.apache.kafka.clients.admin.NewTopic(dlq, 1, (short) 1)
                .configs(Map.of("max.message.bytes", "16")));
    long now = System.currentTimeMillis();
    long twoDaysAgo = now - 48L * 3600 * 1000;
    stack
        .broker()
        .produce(
            topic,
            List.of(
                host("web-01", "12.5", now), // 0: written
                host("web-02", "40.0", twoDaysAgo), // 1: rejected by Timestream, DLQ write fails
                host("web-03", "77.0", now + 1))); // 2: written

    Map<String, String> config = stack.baseConfig(topic, table);
    config.put("timestream.dimensions", "hostname,region");
    config.put("timestream.measures", "cpu_percent:DOUBLE");
    config.put("timestream.time.field", "timestamp");
    ConnectorStack.deadLetterQueue(config, dlq);
    String name = ConnectorStack.unique("dlq-fails-sink");
    stack.deploy(name, config);

    await().atMost(WAIT).until(() -> stack.rowCount(table) == 2);
    String trace = stack.awaitFailedTaskTrace(name);
    // Connect's own wait for the reporter's futures or the task sees the failed write first.
    assertThat(trace).contains("RecordTooLargeException");
    // The worker commits every second: give it a few commits, then the offset must still stop at
    // the rejected record, which is neither written nor reported.
    Thread.sleep(3_000);
    assertThat(stack.committedOffset(name, topic)).isLessThanOrEqualTo(1);
  }

  static String versioned(String cpu, long time, long version) {
    return host("web-01", cpu, time).replace("}", ",\"version\":" + version + "}");
  }

  @Test
  void shouldFailTaskNamingTheRecordWhenErrorsAreNotTolerated() {
    String topic = ConnectorStack.unique("strict");
    String table = ConnectorStack.unique("Strict");
    stack.broker().createTopic(topic, 1);
    long now = System.currentTimeMillis();
    stack.broker().produce(topic, List.of(host("web-01", "1.0", now), host("web-02", "NaN", now)));
    Map<String, String> config = stack.baseConfig(topic, table);
    config.put("timestream.dimensions", "hostname,region");
    config.put("timestream.measures", "cpu_percent:DOUBLE");
    config.put("timestream.time.field", "timestamp");
    String name = ConnectorStack.unique("strict-sink");
    stack.deploy(name, config);

    assertThat(stack.awaitFailedTaskTrace(name))
        .contains("Cannot write record " + topic + "-0@1")
        .contains("cannot store NaN or Infinity");
  }

  static String host(String host, String cpu, long time) {
    return "{\"hostname\":\""
        + host
        + "\",\"region\":\"us-east-1\",\"cpu_percent\":"
        + ("NaN".equals(cpu) ? "\"NaN\"" : cpu)
        + ",\"timestamp\":"
        + time
        + "}";
  }
}
