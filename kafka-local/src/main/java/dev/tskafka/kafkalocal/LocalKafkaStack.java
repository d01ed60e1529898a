package dev.tskafka.kafkalocal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link LocalKafkaBroker} and, optionally, a {@link LocalConnectWorker} on it, shut down in one
 * order (Connect first, then the broker) by {@link #close()} or, if the JVM exits first, by the one
 * shutdown hook the stack registers.
 *
 * <pre>{@code
 * try (LocalKafkaStack stack = LocalKafkaStack.builder().withConnect(true).start()) {
 *   stack.broker().createTopic("readings", 1);
 *   stack.connect().rest().createOrUpdateConnector("sink", config);
 * }
 * }</pre>
 *
 * <p>Starting a stack makes Kafka's {@code Exit.exit} and {@code Exit.halt} throw instead of ending
 * the JVM, and drops the shutdown hooks Connect would register, for the rest of the JVM's life.
 */
public final class LocalKafkaStack implements AutoCloseable {

  private final LocalKafkaBroker broker;
  private final LocalConnectWorker connect;
  private final Thread shutdownHook = new Thread(this::close, "kafka-local-shutdown");
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalKafkaStack(LocalKafkaBroker broker, LocalConnectWorker connect) {
    this.broker = broker;
    this.connect = connect;
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** A builder for a stack with a broker only; see {@link Builder#withConnect(boolean)}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The broker. */
  public LocalKafkaBroker broker() {
    return broker;
  }

  /**
   * The Connect worker.
   *
   * @throws IllegalStateException if the stack was started without Connect
   */
  public LocalConnectWorker connect() {
    if (connect == null) {
      throw new IllegalStateException("This stack was started without Kafka Connect");
    }
    return connect;
  }

  /** Stops the Connect worker, if any, then the broker. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException jvmShuttingDown) {
        // The hook is running or about to; closing here first is harmless.
      }
    }
    try {
      if (connect != null) {
        connect.close();
      }
    } finally {
      broker.close();
    }
  }

  /** Collects the stack's settings; {@link #start()} starts it. */
  public static final class Builder {

    private boolean withConnect;
    private List<Path> pluginPath = List.of();
    private Path dataDir;
    private final Map<String, String> workerProperties = new HashMap<>();

    private Builder() {}

    /** Whether to start a Connect worker as well; {@code false} by default. */
    public Builder withConnect(boolean withConnect) {
      this.withConnect = withConnect;
      return this;
    }

    /** The directories the Connect worker loads plugins from ({@code plugin.path}). */
    public Builder pluginPath(List<Path> pluginPath) {
      this.pluginPath = List.copyOf(pluginPath);
      return this;
    }

    /** A directory for the broker's data, kept on close; by default a temporary one is deleted. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** A Connect worker property that overrides the default. */
    public Builder workerProperty(String name, String value) {
      workerProperties.put(name, value);
      return this;
    }

    /** Starts the broker, then the Connect worker if asked for, and waits until both serve. */
    public LocalKafkaStack start() {
      LocalKafkaBroker broker =
          dataDir == null
              ? LocalKafkaBroker.start(Map.of())
              : LocalKafkaBroker.start(dataDir, Map.of());
      if (!withConnect) {
        return new LocalKafkaStack(broker, null);
      }
      try {
        return new LocalKafkaStack(
            broker,
            LocalConnectWorker.start(broker.bootstrapServers(), pluginPath, workerProperties));
      } catch (RuntimeException e) {
        broker.close();
        throw e;
      }
    }
  }
}
