package dev.tskafka.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tskafka.kafkalocal.ChildJvm;
import dev.tskafka.kafkalocal.ConnectRestClient;
import dev.tskafka.kafkalocal.ConnectorStatus;
import dev.tskafka.kafkalocal.LocalConnectWorker;
import dev.tskafka.local.faults.FaultSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Connect cluster, not one worker: two distributed workers in one group, each in its own JVM,
 * share four tasks. One is killed with SIGKILL mid-stream (no shutdown, no last commit) while
 * timestream-local throttles and fails calls, and comes back. Every record must be stored once, the
 * committed offsets must reach the end of every partition, and every task must run again.
 */
class ClusterIT {
  static final Duration WAIT = Duration.ofSeconds(180);
  static final int PARTITIONS = 4;
  final ConnectorStack stack = ConnectorStack.get();
  final List<ChildJvm> workers = new ArrayList<>();

  @AfterEach
  void stopWorkers() {
    workers.forEach(ChildJvm::close);
    stack.timestream.faults().settings(FaultSettings.NONE);
    stack.timestream.faults().reset();
  }

  ChildJvm startWorker(String name, String group) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("group.id", group);
    // Reassign the tasks of a worker that vanished after 5 s, not the default 5 minutes.
    overrides.put("scheduled.rebalance.max.delay.ms", "5000");
    overrides.put("consumer.session.timeout.ms", "10000");
    Map<String, String> config =
        LocalConnectWorker.config(
            stack.broker().bootstrapServers(), List.of(ConnectorStack.pluginDir()), overrides);
    // The test classpath holds Kafka but not the connector: the worker loads it from the plugin.
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ChildJvm worker =
        ChildJvm.connectWorker(
            name,
            Path.of("target", "cluster-it"),
            List.of("-Xms128m", "-Xmx768m", "-XX:+UseG1GC"),
            classpath,
            config,
            List.of(ConnectorStack.CONNECTOR_CLASS),
            Duration.ofSeconds(120));
    workers.add(worker);
    return worker;
  }

  @Test
  void shouldStoreEveryRecordOnceAndCommitToTheEndWhenAWorkerIsKilledMidStream() throws Exception {
    String topic = ConnectorStack.unique("cluster");
    String table = ConnectorStack.unique("Cluster");
    String group = ConnectorStack.unique("cluster-it-connect");
    stack.broker().createTopic(topic, PARTITIONS);
    int total = 40_000;
    long base = System.currentTimeMillis() - 900_000;
    stack.timestream.faults().settings(new FaultSettings(2, 3, 0.10, 0.03));

    ChildJvm first = startWorker("worker-1", group);
    ChildJvm second = startWorker("worker-2", group);
    ConnectRestClient rest = new ConnectRestClient(first.restUrl());
    String name = ConnectorStack.unique("cluster-sink");
    Map<String, String> config = stack.baseConfig(topic, table);
    // These workers run on this machine, beside timestream-local, whichever stack the broker is on.
    config.put("timestream.endpoint", stack.timestream.endpoint().toString());
    config.put("tasks.max", Integer.toString(PARTITIONS));
    config.put("timestream.dimensions", "hostname,region");
    config.put("timestream.measures", "cpu:DOUBLE,seq:BIGINT");
    config.put("timestream.time.field", "timestamp");
    config.put("timestream.batch.size", "50");
    config.put("timestream.max.in.flight", "4");
    config.put("timestream.retry.max.attempts", "30");
    rest.createOrUpdateConnector(name, config);
    await()
        .atMost(WAIT)
        .until(() -> running(rest, name) == PARTITIONS && workerIds(rest, name).size() == 2);

    // A stream, not a backlog: 20 chunks over ~8 s, so that records are in flight at the kill.
    Thread producer =
        new Thread(
            () -> {
              int chunk = total / 20;
              for (int from = 0; from < total; from += chunk) {
                stack.broker().produce(ReliabilityIT.readings(topic, from, chunk, base));
                try {
                  Thread.sleep(400);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "cluster-it-producer");
    producer.start();
    // Kill once the second worker's tasks have written and committed some of their partitions.
    await().atMost(WAIT).until(() -> partitionsWithCommits(name, topic) == PARTITIONS);
    assertThat(stack.rowCount(table)).isLessThan(total);
    second.kill(); // SIGKILL mid-stream: its tasks' buffered and in-flight records are lost
    Thread.sleep(2_000);
    startWorker("worker-2-restarted", group);
    producer.join();

    await().atMost(WAIT).until(() -> stack.rowCount(table) >= total);
    assertThat(stack.timestream.faults().injectedFailures()).isGreaterThan(0);
    ReliabilityIT.assertEveryReadingWrittenOnce(stack.rows(table), total);
    await().atMost(WAIT).until(() -> committedToTheEnd(name, topic));
    await().atMost(WAIT).until(() -> running(rest, name) == PARTITIONS);
    ConnectorStatus status = rest.connectorStatus(name);
    assertThat(status.tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
    rest.deleteConnector(name);
  }

  static long running(ConnectRestClient rest, String name) {
    try {
      return rest.connectorStatus(name).tasks().stream()
          .filter(t -> "RUNNING".equals(t.state()))
          .count();
    } catch (RuntimeException e) {
      return 0; // a rebalance is under way
    }
  }

  static java.util.Set<String> workerIds(ConnectRestClient rest, String name) {
    return rest.connectorStatus(name).tasks().stream()
        .map(ConnectorStatus.TaskStatus::workerId)
        .collect(Collectors.toSet());
  }

  int partitionsWithCommits(String connector, String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", stack.broker().bootstrapServers()))) {
      var committed =
          admin
              .listConsumerGroupOffsets("connect-" + connector)
              .partitionsToOffsetAndMetadata()
              .get();
      int n = 0;
      for (int p = 0; p < PARTITIONS; p++) {
        var c = committed.get(new TopicPartition(topic, p));
        n += c != null && c.offset() > 0 ? 1 : 0;
      }
      return n;
    }
  }

  boolean committedToTheEnd(String connector, String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", stack.broker().bootstrapServers()))) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      var ends = admin.listOffsets(latest).all().get();
      var committed =
          admin
              .listConsumerGroupOffsets("connect-" + connector)
              .partitionsToOffsetAndMetadata()
              .get();
      for (var e : ends.entrySet()) {
        var c = committed.get(e.getKey());
        if (c == null || c.offset() != e.getValue().offset()) {
          return false;
        }
      }
      return true;
    }
  }
}
