package dev.tskafka.kafkalocal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * A Connect distributed worker in a container: Kafka's own {@code bin/connect-distributed.sh} from
 * {@value ContainerImages#KAFKA}, on the broker's network, each plugin directory mounted read-only
 * under {@code /opt/connect-plugins}, and the host reachable as {@value #HOST_ALIAS} for the
 * services the tests run there (timestream-local, the schema registry).
 */
public final class ContainerConnectWorker implements AutoCloseable {
  /** How a container reaches a port of this machine opened with {@link #exposeHostPort(int)}. */
  public static final String HOST_ALIAS = "host.testcontainers.internal";

  private static final int REST_PORT = 8083;
  private static final String PLUGINS = "/opt/connect-plugins";

  private final GenericContainer<?> container;

  private ContainerConnectWorker(GenericContainer<?> container) {
    this.container = container;
  }

  /**
   * Starts a worker against the broker with {@link LocalConnectWorker#config}'s settings (plugin
   * paths and listeners rewritten for the container), then {@code overrides}.
   */
  public static ContainerConnectWorker start(
      ContainerKafkaBroker broker, List<Path> pluginDirs, Map<String, String> overrides) {
    Map<String, String> config =
        new HashMap<>(
            LocalConnectWorker.config(broker.networkBootstrapServers(), List.of(), overrides));
    config.put("listeners", "http://0.0.0.0:" + REST_PORT);
    config.put("rest.advertised.host.name", "connect");
    config.put(
        "plugin.path",
        pluginDirs.stream()
            .map(dir -> PLUGINS + "/" + dir.getFileName())
            .collect(Collectors.joining(",")));
    String properties =
        config.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .sorted()
            .collect(Collectors.joining("\n", "", "\n"));
    GenericContainer<?> container =
        new GenericContainer<>(DockerImageName.parse(ContainerImages.KAFKA))
            .withNetwork(broker.network())
            .withNetworkAliases("connect")
            .withAccessToHost(true)
            .withExposedPorts(REST_PORT)
            .withCopyToContainer(Transferable.of(properties), "/opt/connect/worker.properties")
            .withCreateContainerCmdModifier(
                cmd -> cmd.withEntrypoint("/opt/kafka/bin/connect-distributed.sh"))
            .withCommand("/opt/connect/worker.properties")
            .waitingFor(
                Wait.forHttp("/connectors")
                    .forPort(REST_PORT)
                    .withStartupTimeout(Duration.ofMinutes(3)));
    for (Path dir : pluginDirs) {
      container.withFileSystemBind(
          dir.toAbsolutePath().toString(), PLUGINS + "/" + dir.getFileName(), BindMode.READ_ONLY);
    }
    container.start();
    return new ContainerConnectWorker(container);
  }

  /** Lets containers reach {@code port} of this machine at {@value #HOST_ALIAS}. */
  public static void exposeHostPort(int port) {
    org.testcontainers.Testcontainers.exposeHostPorts(port);
  }

  public URI restUrl() {
    return URI.create(
        "http://" + container.getHost() + ":" + container.getMappedPort(REST_PORT) + "/");
  }

  public ConnectRestClient rest() {
    return new ConnectRestClient(restUrl());
  }

  /** Everything the worker logged so far (its stdout and stderr). */
  public String logs() {
    return container.getLogs();
  }

  @Override
  public void close() {
    container.stop();
  }
}
