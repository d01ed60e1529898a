package dev.tskafka.connector.it;

import static org.awaitility.Awaitility.await;

import dev.tskafka.kafkalocal.ConnectRestClient;
import dev.tskafka.kafkalocal.ContainerConnectWorker;
import dev.tskafka.kafkalocal.ContainerKafkaBroker;
import dev.tskafka.kafkalocal.KafkaBroker;
import dev.tskafka.kafkalocal.LocalKafkaStack;
import dev.tskafka.kafkalocal.LocalSchemaRegistry;
import dev.tskafka.kafkalocal.PluginZip;
import dev.tskafka.kafkalocal.TestStack;
import dev.tskafka.local.TimestreamLocal;
import dev.tskafka.local.store.RowQuery;
import dev.tskafka.local.store.StoredRow;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Assumptions;

/**
 * One stack per test JVM: a real KRaft broker, a real Connect worker whose plugin.path holds the
 * unpacked plugin zip (the connector's classes are not on the test classpath), and
 * timestream-local. Tests isolate themselves by topic, connector and table names.
 *
 * <p>The broker and the worker run in this JVM, or in containers where Docker exists ({@link
 * TestStack}: one switch forces either, and the test output says which ran). timestream-local and
 * the schema registry always run on this machine; a containerized worker reaches them through
 * {@link #forWorker(String)}.
 */
final class ConnectorStack {
  static final String CONNECTOR_CLASS = "dev.tskafka.connector.TimestreamSinkConnector";
  static final String DATABASE = "it_db";
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static ConnectorStack instance;

  final TimestreamLocal timestream;
  private final KafkaBroker broker;
  private final ConnectRestClient rest;
  private final ContainerConnectWorker containerWorker; // null on the in-JVM stack
  private LocalSchemaRegistry registry;
  private final List<String> deployed = new java.util.concurrent.CopyOnWriteArrayList<>();

  private ConnectorStack(
      TimestreamLocal timestream,
      KafkaBroker broker,
      ConnectRestClient rest,
      ContainerConnectWorker containerWorker) {
    this.timestream = timestream;
    this.broker = broker;
    this.rest = rest;
    this.containerWorker = containerWorker;
  }

  /** Everything logged in this JVM since the stack started (broker, worker, connector). */
  static final java.io.StringWriter LOG = new java.io.StringWriter();

  /**
   * The stack, started on first use. On a machine without Docker where containers were forced, the
   * calling test is skipped with the reason.
   */
  static synchronized ConnectorStack get() {
    TestStack choice = TestStack.get();
    Assumptions.assumeTrue(choice.available(), choice.reason());
    if (instance == null) {
      captureLogs();
      List<Path> pluginPath = new java.util.ArrayList<>();
      pluginPath.add(unpackPlugin());
      converterPlugins().ifPresent(pluginPath::add);
      TimestreamLocal timestream = TimestreamLocal.builder().port(0).start();
      Runtime.getRuntime().addShutdownHook(new Thread(timestream::close));
      Map<String, String> worker = Map.of("offset.flush.interval.ms", "500");
      if (choice.containers()) {
        ContainerKafkaBroker broker = ContainerKafkaBroker.start();
        ContainerConnectWorker.exposeHostPort(timestream.endpoint().getPort());
        ContainerConnectWorker connect =
            ContainerConnectWorker.start(broker, pluginDirs(pluginPath), worker);
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      connect.close();
                      broker.close();
                    }));
        instance = new ConnectorStack(timestream, broker, connect.rest(), connect);
      } else {
        LocalKafkaStack.Builder builder =
            LocalKafkaStack.builder().withConnect(true).pluginPath(pluginPath);
        worker.forEach(builder::workerProperty);
        LocalKafkaStack kafka = builder.start();
        instance = new ConnectorStack(timestream, kafka.broker(), kafka.connect().rest(), null);
      }
    }
    return instance;
  }

  /**
   * The plugin directories a worker's plugin.path names: each directory that holds a plugin (the
   * unpacked zip; each converter under the converters' directory), mounted one by one.
   */
  private static List<Path> pluginDirs(List<Path> pluginPath) {
    List<Path> dirs = new java.util.ArrayList<>();
    for (Path entry : pluginPath) {
      try (var children = java.nio.file.Files.list(entry)) {
        children.filter(java.nio.file.Files::isDirectory).forEach(dirs::add);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return dirs;
  }

  /** Whether the worker runs in this JVM (its JMX beans and log are this JVM's). */
  boolean workerInThisJvm() {
    return containerWorker == null;
  }

  /** Skips the calling test unless the worker runs in this JVM, saying what it needs. */
  void assumeWorkerInThisJvm(String needs) {
    Assumptions.assumeTrue(
        workerInThisJvm(), "needs the Connect worker in the test JVM (" + needs + ")");
  }

  /**
   * A URL of a service on this machine as the worker reaches it: itself for a worker in this JVM;
   * for a container, the host alias, with the port opened to containers.
   */
  String forWorker(String url) {
    if (containerWorker == null) {
      return url;
    }
    URI uri = URI.create(url);
    ContainerConnectWorker.exposeHostPort(uri.getPort());
    return url.replaceFirst(
        "//" + java.util.regex.Pattern.quote(uri.getHost()) + ":",
        "//" + ContainerConnectWorker.HOST_ALIAS + ":");
  }

  /** What the worker logged: this JVM's log, or the container's output. */
  String workerLog() {
    return containerWorker == null ? capturedLog() : containerWorker.logs();
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
                    .setPattern("%m%n")
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

  KafkaBroker broker() {
    return broker;
  }

  ConnectRestClient rest() {
    return rest;
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
    c.put("timestream.endpoint", forWorker(timestream.endpoint().toString()));
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
