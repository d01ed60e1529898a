package dev.tskafka.kafkalocal;

import org.testcontainers.containers.Network;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A one-node KRaft broker in a container ({@value ContainerImages#KAFKA}), for where Docker exists.
 * Clients on this machine use {@link #bootstrapServers()}; containers on its {@link #network()} (a
 * Connect worker) use {@link #networkBootstrapServers()}.
 */
public final class ContainerKafkaBroker implements KafkaBroker {
  private static final String ALIAS = "kafka";
  private static final String NETWORK_LISTENER = ALIAS + ":19092";

  private final Network network;
  private final KafkaContainer container;

  private ContainerKafkaBroker(Network network, KafkaContainer container) {
    this.network = network;
    this.container = container;
  }

  /** Starts the broker container on a network of its own. */
  public static ContainerKafkaBroker start() {
    Network network = Network.newNetwork();
    KafkaContainer container =
        new KafkaContainer(DockerImageName.parse(ContainerImages.KAFKA))
            .withNetwork(network)
            .withNetworkAliases(ALIAS)
            .withListener(NETWORK_LISTENER)
            .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
    container.start();
    return new ContainerKafkaBroker(network, container);
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  /** The bootstrap address for containers on {@link #network()}. */
  public String networkBootstrapServers() {
    return NETWORK_LISTENER;
  }

  public Network network() {
    return network;
  }

  @Override
  public void close() {
    container.stop();
    network.close();
  }
}
