package dev.tskafka.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tskafka.kafkalocal.ConnectorStatus;
import dev.tskafka.local.faults.FaultInjector;
import dev.tskafka.local.faults.FaultSettings;
import dev.tskafka.local.store.StoredRow;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** No loss and no duplicates when Timestream throttles, fails, or the task restarts mid-stream. */
class ReliabilityIT {
  static final Duration WAIT = Duration.ofSeconds(120);
  final ConnectorStack stack = ConnectorStack.get();

  @AfterEach
  void cleanUp() {
    stack.deleteConnectors();
    stack.timestream.faults().settings(FaultSettings.NONE);
    stack.timestream.faults().reset();
  }

  /** Produces {@code count} readings keyed by host over 3 partitions; reading i has cpu = i. */
  static List<ProducerRecord<String, String>> readings(
      String topic, int from, int count, long baseMs) {
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      String host = "host-" + (i % 20);
      records.add(
          new ProducerRecord<>(
              topic,
              host,
              String.format(
                  "{\"hostname\":\"%s\",\"region\":\"eu-west-1\",\"cpu\":%d,\"seq\":%d,\"timestamp\":%d}",
                  host, i, i, baseMs + i)));
    }
    return records;
  }

  Map<String, String> config(String topic, String table) {
    Map<String, String> config = stack.baseConfig(topic, table);
    config.put("timestream.dimensions", "hostname,region");
    config.put("timestream.measures", "cpu:DOUBLE,seq:BIGINT");
    config.put("timestream.time.field", "timestamp");
    config.put("timestream.batch.size", "50");
    config.put("timestream.max.in.flight", "4");
    config.put("timestream.max.buffered.records", "400");
    return config;
  }

  static void assertEveryReadingWrittenOnce(List<StoredRow> rows, int count) {
    assertThat(rows).hasSize(count);
    Map<String, String> seqToCpu = new HashMap<>();
    for (StoredRow row : rows) {
      Map<String, String> values = new HashMap<>();
      row.values().forEach(v -> values.put(v.name(), v.value()));
      seqToCpu.put(values.get("seq"), values.get("cpu"));
    }
    Map<String, String> expected = new HashMap<>();
    for (int i = 0; i < count; i++) {
      expected.put(Integer.toString(i), Integer.toString(i));
    }
    assertThat(seqToCpu).as("seq -> cpu of every row").isEqualTo(expected);
  }

  @Test
  void shouldWriteEveryRecordExactlyOnceUnderThrottlingServerErrorsAndATaskRestart() {
    String topic = ConnectorStack.unique("flaky");
    String table = ConnectorStack.unique("Flaky");
    stack.broker().createTopic(topic, 3);
    int total = 3_000;
    long base = System.currentTimeMillis() - 600_000;
    stack.broker().produce(readings(topic, 0, total / 2, base));
    stack.timestream.faults().settings(new FaultSettings(2, 3, 0.20, 0.05));

    String name = ConnectorStack.unique("flaky-sink");
    Map<String, String> config = config(topic, table);
    config.put("timestream.retry.max.attempts", "30");
    stack.deploy(name, config);
    await().atMost(WAIT).until(() -> stack.rowCount(table) >= total / 6);

    stack.rest().restartTask(name, 0);
    stack.broker().produce(readings(topic, total / 2, total - total / 2, base));

    await().atMost(WAIT).until(() -> stack.rowCount(table) == total);
    assertThat(stack.timestream.faults().injectedFailures()).isGreaterThan(0);
    assertEveryReadingWrittenOnce(stack.rows(table), total);
    ConnectorStatus status = stack.rest().connectorStatus(name);
    assertThat(status.tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
  }

  @Test
  void shouldKeepPollingWhileWritesAreStuckAndLoseNothingOnceTheyFlowAgain() throws Exception {
    String topic = ConnectorStack.unique("stuck");
    String table = ConnectorStack.unique("Stuck");
    stack.broker().createTopic(topic, 1);
    int total = 1_000;
    long base = System.currentTimeMillis() - 600_000;
    String name = ConnectorStack.unique("stuck-sink");
    Map<String, String> config = config(topic, table);
    config.put("timestream.max.buffered.records", "100");
    config.put("timestream.max.in.flight", "2");
    config.put("timestream.max.put.wait.ms", "1000");
    config.put("timestream.request.timeout.ms", "3000");
    config.put("timestream.retry.max.attempts", "1000");
    // A put() that blocked past this would cost the task its place in the consumer group.
    config.put("consumer.override.max.poll.interval.ms", "6000");
    stack.deploy(name, config);
    stack.rest().awaitRunning(name, WAIT);

    // Every call hangs far past the request timeout: a black-holed endpoint.
    stack.timestream.faults().settings(new FaultSettings(20_000, 0, 0, 0));
    stack.broker().produce(readings(topic, 0, total, base));
    String group = "connect-" + name;
    List<String> seen = new ArrayList<>();
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of("bootstrap.servers", stack.broker().bootstrapServers()))) {
      long until = System.nanoTime() + Duration.ofSeconds(15).toNanos(); // 2.5 poll intervals
      while (System.nanoTime() < until) {
        var description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        seen.add(description.groupState() + "/" + description.members().size());
        Thread.sleep(500);
      }
    }
    assertThat(seen).as("group state/members while writes hang").containsOnly("Stable/1");
    assertThat(stack.rowCount(table)).isZero();
    assertThat(stack.rest().connectorStatus(name).tasks())
        .allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));

    stack.timestream.faults().settings(FaultSettings.NONE);
    await().atMost(WAIT).until(() -> stack.rowCount(table) == total);
    assertEveryReadingWrittenOnce(stack.rows(table), total);
    stack.awaitCommitted(name, topic, total, WAIT);
  }

  @Test
  void shouldFailLoudlyWhenRetriesRunOutAndLoseNothingAfterRestart() {
    String topic = ConnectorStack.unique("outage");
    String table = ConnectorStack.unique("Outage");
    stack.broker().createTopic(topic, 1);
    int total = 500;
    long base = System.currentTimeMillis() - 600_000;
    String name = ConnectorStack.unique("outage-sink");
    Map<String, String> config = config(topic, table);
    config.put("timestream.retry.max.attempts", "3");
    stack.deploy(name, config);
    stack.rest().awaitRunning(name, WAIT);

    stack.timestream.faults().failNext(1_000_000, FaultInjector.Failure.INTERNAL_ERROR);
    stack.broker().produce(readings(topic, 0, total, base));
    assertThat(stack.awaitFailedTaskTrace(name))
        .contains("failed after 3 attempt(s)")
        .contains("InternalServerException")
        .contains("offsets of unwritten records were not committed");
    assertThat(stack.rowCount(table)).isZero();

    stack.timestream.faults().reset();
    stack.rest().restartTask(name, 0);
    await().atMost(WAIT).until(() -> stack.rowCount(table) == total);
    assertEveryReadingWrittenOnce(stack.rows(table), total);
  }

  @Test
  void shouldCountEachTasksRecordsInItsOwnMetrics() throws Exception {
    stack.assumeWorkerInThisJvm("reads task metrics from this JVM's MBean server");
    MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    List<String> names = new ArrayList<>();
    int[] totals = {30, 70};
    for (int total : totals) {
      String topic = ConnectorStack.unique("apart");
      String table = ConnectorStack.unique("Apart");
      stack.broker().createTopic(topic, 1);
      stack.broker().produce(readings(topic, 0, total, System.currentTimeMillis() - 60_000));
      String name = ConnectorStack.unique("apart-sink");
      stack.deploy(name, config(topic, table));
      names.add(name);
      await().atMost(WAIT).until(() -> stack.rowCount(table) == total);
    }
    // Both tasks run in the same worker at once: each counts its own records only.
    for (int i = 0; i < totals.length; i++) {
      ObjectName task =
          new ObjectName("kafka.connect:type=plugins,connector=" + names.get(i) + ",task=0");
      int expected = totals[i];
      await()
          .atMost(WAIT)
          .until(
              () ->
                  ((Number) jmx.getAttribute(task, "records-written-total")).intValue()
                      == expected);
    }
  }

  @Test
  void shouldExposeTaskMetricsOverJmx() throws Exception {
    stack.assumeWorkerInThisJvm("reads task metrics from this JVM's MBean server");
    String topic = ConnectorStack.unique("metered");
    String table = ConnectorStack.unique("Metered");
    stack.broker().createTopic(topic, 1);
    // 40 calls at 30 % throttling: the chance that none is throttled is 0.7^40 (~1e-6); with 400
    // records (8 calls) it was 0.7^8, ~6 %, and CI once saw write-throttles-total = 0.
    int total = 2_000;
    stack.broker().produce(readings(topic, 0, total, System.currentTimeMillis() - 60_000));
    stack.broker().produce(topic, List.of("{\"hostname\":\"x\",\"region\":\"r\",\"cpu\":1}"));
    stack.timestream.faults().settings(new FaultSettings(0, 0, 0.3, 0));
    String name = ConnectorStack.unique("metered-sink");
    Map<String, String> config = config(topic, table);
    config.put("timestream.retry.max.attempts", "50");
    config.put("errors.tolerance", "all");
    stack.deploy(name, config);
    await().atMost(WAIT).until(() -> stack.rowCount(table) == total);

    MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    ObjectName task = new ObjectName("kafka.connect:type=plugins,connector=" + name + ",task=0");
    await()
        .atMost(WAIT)
        .until(
            () -> ((Number) jmx.getAttribute(task, "records-written-total")).intValue() == total);
    assertThat(((Number) jmx.getAttribute(task, "records-bad-total")).intValue()).isEqualTo(1);
    assertThat(((Number) jmx.getAttribute(task, "write-throttles-total")).intValue()).isPositive();
    assertThat(((Number) jmx.getAttribute(task, "write-retries-total")).doubleValue())
        .isGreaterThanOrEqualTo(
            ((Number) jmx.getAttribute(task, "write-throttles-total")).doubleValue());
    assertThat(((Number) jmx.getAttribute(task, "batch-size-max")).doubleValue()).isEqualTo(50.0);
    assertThat(((Number) jmx.getAttribute(task, "write-latency-avg")).doubleValue()).isPositive();
    assertThat(((Number) jmx.getAttribute(task, "buffered-records")).intValue()).isZero();
    assertThat(((Number) jmx.getAttribute(task, "in-flight-calls")).intValue()).isZero();
    Set<ObjectName> names = jmx.queryNames(new ObjectName("kafka.connect:type=plugins,*"), null);
    assertThat(names).contains(task);
  }
}
