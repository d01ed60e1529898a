package dev.tskafka.kafkalocal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-node KRaft cluster (combined broker and controller) on 127.0.0.1, started in this JVM from
 * Kafka's own server classes, with every replication factor 1.
 *
 * <p>Listener ports are picked free at start; a port taken in between is retried with new ones. The
 * caller's broker properties override the defaults, except that listeners must stay as they are.
 */
public final class LocalKafkaBroker implements KafkaBroker {

  private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);
  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final int START_ATTEMPTS = 5;

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path dataDir;
  private final boolean deleteDataDirOnClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalKafkaBroker(
      KafkaRaftServer server, String bootstrapServers, Path dataDir, boolean deleteDataDirOnClose) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.dataDir = dataDir;
    this.deleteDataDirOnClose = deleteDataDirOnClose;
  }

  /** Starts a broker on a fresh temporary data directory that {@link #close()} deletes. */
  public static LocalKafkaBroker start(Map<String, String> brokerProperties) {
    Path dataDir;
    try {
      dataDir = Files.createTempDirectory("kafka-local-broker-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return start(dataDir, true, brokerProperties);
    } catch (RuntimeException e) {
      deleteQuietly(dataDir);
      throw e;
    }
  }

  /** Starts a broker on {@code dataDir}, formatting it first if it is new; the data is kept. */
  public static LocalKafkaBroker start(Path dataDir, Map<String, String> brokerProperties) {
    return start(dataDir, false, brokerProperties);
  }

  private static LocalKafkaBroker start(
      Path dataDir, boolean deleteDataDirOnClose, Map<String, String> brokerProperties) {
    KafkaExitGuard.install();
    long startNanos = System.nanoTime();
    formatIfNew(dataDir);
    for (int attempt = 1; ; attempt++) {
      List<Integer> ports = freePorts(2);
      String bootstrapServers = HOST + ":" + ports.get(0);
      Properties config = config(dataDir, ports.get(0), ports.get(1), brokerProperties);
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config), Time.SYSTEM);
      try {
        server.startup();
      } catch (RuntimeException e) {
        server.shutdown();
        // A bind failure can surface as a fatal fault without its cause: look at the ports instead.
        if (attempt == START_ATTEMPTS || !anyTaken(ports)) {
          throw e;
        }
        log.info(
            "Port {} or {} was taken meanwhile, retrying with others", ports.get(0), ports.get(1));
        continue;
      }
      log.info(
          "Kafka broker started at {} in {} ms", bootstrapServers, Elapsed.millisSince(startNanos));
      return new LocalKafkaBroker(server, bootstrapServers, dataDir, deleteDataDirOnClose);
    }
  }

  /** The {@code bootstrap.servers} value for clients, {@code 127.0.0.1:port}. */
  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Shuts the broker down and deletes its data directory if it was a temporary one. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long startNanos = System.nanoTime();
    server.shutdown();
    server.awaitShutdown();
    if (deleteDataDirOnClose) {
      deleteQuietly(dataDir);
    }
    log.info(
        "Kafka broker at {} stopped in {} ms", bootstrapServers, Elapsed.millisSince(startNanos));
  }

  private static void formatIfNew(Path dataDir) {
    if (Files.exists(dataDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
      return;
    }
    try {
      new Formatter()
          .setPrintStream(
              new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setControllerListenerName("CONTROLLER")
          .setMetadataLogDirectory(dataDir.toString())
          .setDirectories(List.of(dataDir.toString()))
          .run();
    } catch (Exception e) {
      throw new KafkaException("Could not format Kafka storage in " + dataDir, e);
    }
  }

  private static Properties config(
      Path dataDir, int brokerPort, int controllerPort, Map<String, String> overrides) {
    Properties config = new Properties();
    config.put("process.roles", "broker,controller");
    config.put("node.id", String.valueOf(NODE_ID));
    config.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    config.put("controller.listener.names", "CONTROLLER");
    config.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    config.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.put("inter.broker.listener.name", "PLAINTEXT");
    config.put("log.dirs", dataDir.toString());
    config.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
    config.put("offsets.topic.replication.factor", "1");
    config.put("offsets.topic.num.partitions", "1");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("transaction.state.log.num.partitions", "1");
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    config.put("group.initial.rebalance.delay.ms", "0");
    config.putAll(overrides);
    return config;
  }

  private static List<Integer> freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on 127.0.0.1", e);
    } finally {
      sockets.forEach(socket -> Utils.closeQuietly(socket, "port probe"));
    }
  }

  private static boolean anyTaken(List<Integer> ports) {
    return ports.stream().anyMatch(LocalKafkaBroker::isTaken);
  }

  private static boolean isTaken(int port) {
    try {
      new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      log.warn("Could not delete {}", dir, e);
    }
  }
}
