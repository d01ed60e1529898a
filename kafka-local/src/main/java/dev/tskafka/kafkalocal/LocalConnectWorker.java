package dev.tskafka.kafkalocal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Connect worker in distributed mode, with its REST API on 127.0.0.1 at a free port,
 * started in this JVM from Kafka's own classes.
 *
 * <p>Defaults: a unique {@code group.id} with internal topics named after it (replication factor 1,
 * one partition), schemaless JSON converters, offsets flushed every second, and plugins found
 * through {@code ServiceLoader} manifests ({@code plugin.discovery=service_load}) on the classpath
 * and in the given plugin path. The caller's worker properties override them.
 */
public final class LocalConnectWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalConnectWorker.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";

  private final Connect<?> connect;
  private final URI restUrl;
  private final ConnectRestClient rest;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalConnectWorker(Connect<?> connect) {
    this.connect = connect;
    this.restUrl = connect.rest().serverUrl();
    this.rest = new ConnectRestClient(restUrl);
  }

  /**
   * Starts a worker against {@code bootstrapServers} and waits until it serves requests.
   *
   * @param pluginPath directories for {@code plugin.path}; empty for none
   * @param workerProperties worker properties that override the defaults
   */
  public static LocalConnectWorker start(
      String bootstrapServers, List<Path> pluginPath, Map<String, String> workerProperties) {
    KafkaExitGuard.install();
    long startNanos = System.nanoTime();
    Map<String, String> config = config(bootstrapServers, pluginPath, workerProperties);
    LocalConnectWorker worker =
        new LocalConnectWorker(new ConnectDistributed().startConnect(config));
    try {
      worker.awaitHealthy();
    } catch (RuntimeException e) {
      worker.close();
      throw e;
    }
    log.info(
        "Kafka Connect worker started at {} in {} ms",
        worker.restUrl,
        Elapsed.millisSince(startNanos));
    return worker;
  }

  /** The base URL of the REST API, {@code http://127.0.0.1:port/}. */
  public URI restUrl() {
    return restUrl;
  }

  /** A REST client for this worker. */
  public ConnectRestClient rest() {
    return rest;
  }

  /** Stops the worker: its connectors and tasks, then the REST server. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long startNanos = System.nanoTime();
    connect.stop();
    log.info(
        "Kafka Connect worker at {} stopped in {} ms", restUrl, Elapsed.millisSince(startNanos));
  }

  private void awaitHealthy() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (!rest.isHealthy()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Kafka Connect worker at " + restUrl + " not healthy within " + STARTUP_TIMEOUT);
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        throw new InterruptException(e);
      }
    }
  }

  /**
   * The properties of a distributed worker on loopback: internal topics with replication 1, JSON
   * converters, plugins found through their ServiceLoader manifests in {@code pluginPath}, offsets
   * flushed every second (override it to measure a stock worker), then {@code overrides}.
   */
  public static Map<String, String> config(
      String bootstrapServers, List<Path> pluginPath, Map<String, String> overrides) {
    String groupId =
        overrides.getOrDefault(
            "group.id", "kafka-local-connect-" + UUID.randomUUID().toString().substring(0, 8));
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", bootstrapServers);
    config.put("listeners", "http://127.0.0.1:0");
    config.put("rest.advertised.host.name", "127.0.0.1");
    config.put("group.id", groupId);
    config.put("config.storage.topic", groupId + "-configs");
    config.put("offset.storage.topic", groupId + "-offsets");
    config.put("status.storage.topic", groupId + "-status");
    config.put("config.storage.replication.factor", "1");
    config.put("offset.storage.replication.factor", "1");
    config.put("status.storage.replication.factor", "1");
    config.put("offset.storage.partitions", "1");
    config.put("status.storage.partitions", "1");
    config.put("key.converter", JSON_CONVERTER);
    config.put("value.converter", JSON_CONVERTER);
    config.put("key.converter.schemas.enable", "false");
    config.put("value.converter.schemas.enable", "false");
    config.put("offset.flush.interval.ms", "1000");
    config.put("plugin.discovery", "service_load");
    if (!pluginPath.isEmpty()) {
      config.put(
          "plugin.path",
          pluginPath.stream()
              .map(dir -> dir.toAbsolutePath().toString())
              .collect(Collectors.joining(",")));
    }
    config.putAll(overrides);
    return config;
  }
}
