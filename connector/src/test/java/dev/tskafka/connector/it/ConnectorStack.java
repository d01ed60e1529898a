package dev.tskafka.connector.it;

import static org.awaitility.Awaitility.await;

import dev.tskafka.kafkalocal.ConnectRestClient;
import dev.tskafka.kafkalocal.LocalKafkaBroker;
import dev.tskafka.kafkalocal.LocalKafkaStack;
import dev.tskafka.kafkalocal.LocalSchemaRegistry;
import dev.tskafka.kafkalocal.PluginZip;
import dev.tskafka.local.TimestreamLocal;
import dev.tskafka.local.store.RowQuery;
import dev.tskafka.local.store.StoredRow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;

/**
 * One stack per test JVM: a real KRaft broker, a real Connect worker whose plugin.path holds the
 * unpacked plugin zip (the connector's classes are not on the test classpath), and
 * timestream-local. Tests isolate themselves by topic, connector and table names.
 */
final class ConnectorStack {
  static final String CONNECTOR_CLASS = "dev.tskafka.connector.TimestreamSinkConnector";
  static final String DATABASE = "it_db";
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static ConnectorStack instance;

  final TimestreamLocal timestream;
  final LocalKafkaStack kafka;
  private LocalSchemaRegistry registry;
  private final List<String> deployed = new java.util.concurrent.CopyOnWriteArrayList<>();

  private ConnectorStack(TimestreamLocal timestream, LocalKafkaStack kafka) {
    this.timestream = timestream;
    this.kafka = kafka;
  }

  /** Everything logged in this JVM since the stack started (broker, worker, connector). */
  static final java.io.StringWriter LOG = new java.io.StringWriter();

  static synchronized ConnectorStack get() {
    if (instance == null) {
      captureLogs();
      List<Path> pluginPath = new java.util.ArrayList<>();
      pluginPath.add(unpackPlugin());
      converterPlugins().ifPresent(pluginPath::add);
      TimestreamLocal timestream = TimestreamLocal.builder().port(0).start();
      LocalKafkaStack kafka =
          LocalKafkaStack.builder()
              .withConnect(true)
              .pluginPath(pluginPath)
              .workerProperty("offset.flush.interval.ms", "500")
              .start();
      instance = new ConnectorStack(timestream, kafka);
      Runtime.getRuntime().addShutdownHook(new Thread(timestream::close));
    }
    return instance;
  }

  private static void captureLogs() {
    var context =
        (org.apache.logging.log4j.core.LoggerContext)
            org.apache.logging.log4j.LogManager.getContext(false);
    var config = context.getConfiguration();
    var appender =
        org.apache.logging.log4j.core.appender.WriterAppender.newBuilder()
            .setName("connector-it-capture")
            .setTarget(LOG)
            .setLayout(
                org.apache.logging.log4j.core.layout.PatternLayout.newBuilder()
                    .withPattern("%m%n")
                    .build())
            .build();
    appender.start();
    config.addAppender(appender);
    config.getRootLogger().addAppender(appender, null, null);
    context.updateLoggers();
  }

  static String capturedLog() {
    synchronized (LOG) {
      return LOG.toString();
    }
  }

  private static Path unpackPlugin() {
    return PluginZip.unpack(pluginZip(), pluginDir());
  }

  private static Path pluginZip() {
    return Path.of(System.getProperty("connector.plugin.zip", "target/plugin.zip"));
  }

  /** The plugin directory (the unpacked zip) that a worker's plugin.path names. */
  static Path pluginDir() {
    return pluginZip().resolveSibling("it-plugins");
  }

  /**
   * The converter plugins the build copied (Apicurio's AvroConverter), after the step a user of a
   * worker with {@code plugin.discovery=service_load} takes: {@code connect-plugin-path.sh
   * sync-manifests}, which adds the ServiceLoader manifest the converter does not ship.
   */
  private static java.util.Optional<Path> converterPlugins() {
    String dir = System.getProperty("connector.it.converter.plugins");
    if (dir == null || !java.nio.file.Files.isDirectory(Path.of(dir))) {
      return java.util.Optional.empty();
    }
    if (hasManifestShim(Path.of(dir))) {
      return java.util.Optional.of(Path.of(dir)); // synced by an earlier run; the scan takes ~13 s
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream print =
        new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
    int status =
        org.apache.kafka.tools.ConnectPluginPath.mainNoExit(
            new String[] {"sync-manifests", "--plugin-path", dir}, print, print);
    if (status != 0) {
      throw new IllegalStateException(
          "connect-plugin-path sync-manifests failed for " + dir + ":\n" + out);
    }
    return java.util.Optional.of(Path.of(dir));
  }

  /** Whether sync-manifests already wrote its shim jar into each plugin directory under dir. */
  private static boolean hasManifestShim(Path dir) {
    try (var plugins = java.nio.file.Files.list(dir)) {
      return plugins
          .filter(java.nio.file.Files::isDirectory)
          .allMatch(
              plugin -> {
                try (var jars = java.nio.file.Files.list(plugin)) {
                  return jars.anyMatch(
                      jar -> jar.getFileName().toString().startsWith("connect-plugin-path-shim"));
                } catch (java.io.IOException e) {
                  return false;
                }
              });
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The Apicurio Registry for Avro tests, started on first use and stopped at JVM exit. */
  synchronized LocalSchemaRegistry registry() {
    if (registry == null) {
      registry = LocalSchemaRegistry.start();
    }
    return registry;
  }

  /** Creates a connector through the REST API; {@link #deleteConnectors} removes it. */
  void deploy(String name, Map<String, String> config) {
    deployed.add(name);
    rest().createOrUpdateConnector(name, config);
  }

  /** Deletes the connectors this JVM deployed, so none outlives its test. */
  void deleteConnectors() {
    for (String name : deployed) {
      try {
        rest().deleteConnector(name);
      } catch (RuntimeException e) {
        // already gone
      }
    }
    deployed.clear();
  }

  /** Waits until a task of the connector has failed, and returns its stack trace. */
  String awaitFailedTaskTrace(String name) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> rest().connectorStatus(name).tasks(),
            tasks -> tasks.stream().anyMatch(t -> "FAILED".equals(t.state())))
        .stream()
        .filter(t -> "FAILED".equals(t.state()))
        .findFirst()
        .orElseThrow()
        .trace();
  }

  LocalKafkaBroker broker() {
    return kafka.broker();
  }

  ConnectRestClient rest() {
    return kafka.connect().rest();
  }

  /** A name unique in this JVM, for topics, connectors and tables. */
  static String unique(String prefix) {
    return prefix
        + "_"
        + NAMES.incrementAndGet()
        + "_"
        + Long.toHexString(System.nanoTime() & 0xffff);
  }

  /** The connector settings every test starts from, pointing at timestream-local. */
  Map<String, String> baseConfig(String topic, String table) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", CONNECTOR_CLASS);
    c.put("tasks.max", "1");
    c.put("topics", topic);
    c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    c.put("value.converter.schemas.enable", "false");
    c.put("timestream.endpoint", timestream.endpoint().toString());
    c.put("timestream.region", "us-east-1");
    c.put("timestream.credentials.provider", "STATIC");
    c.put("timestream.aws.access.key.id", "AKIDTESTONLY");
    c.put("timestream.aws.secret.access.key", "secret-that-must-not-leak");
    c.put("timestream.database", DATABASE);
    c.put("timestream.table", table);
    c.put("timestream.table.auto.create", "true");
    c.put("timestream.batch.linger.ms", "100");
    c.put("timestream.retry.backoff.ms", "20");
    c.put("timestream.retry.backoff.max.ms", "200");
    return c;
  }

  /**
   * Sends what cannot be written to a dead-letter topic with the reason in its headers
   * (errors.tolerance=all).
   */
  static void deadLetterQueue(Map<String, String> config, String topic) {
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", topic);
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("errors.deadletterqueue.context.headers.enable", "true");
  }

  /** The offset the connector's consumer group committed on partition 0 of the topic, or -1. */
  long committedOffset(String connector, String topic) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker().bootstrapServers()))) {
      var o =
          admin
              .listConsumerGroupOffsets("connect-" + connector)
              .partitionsToOffsetAndMetadata()
              .get()
              .get(new TopicPartition(topic, 0));
      return o == null ? -1 : o.offset();
    }
  }

  /** Waits until the connector's consumer group has committed {@code offset} on partition 0. */
  void awaitCommitted(String connector, String topic, long offset, Duration timeout) {
    await().atMost(timeout).until(() -> committedOffset(connector, topic) == offset);
  }

  List<StoredRow> rows(String table) {
    try {
      return timestream.rows(DATABASE, table, RowQuery.ALL).rows();
    } catch (RuntimeException e) {
      return List.of(); // the table does not exist yet
    }
  }

  long rowCount(String table) {
    try {
      return timestream.catalog().table(DATABASE, table).rowCount();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
