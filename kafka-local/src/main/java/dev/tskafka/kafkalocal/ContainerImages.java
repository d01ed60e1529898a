package dev.tskafka.kafkalocal;

import org.testcontainers.DockerClientFactory;

/** The pinned images of the container stack, and the one question asked of Docker. */
final class ContainerImages {
  /** Apache Kafka's official JVM image of the release we build against (broker and Connect). */
  static final String KAFKA = "apache/kafka:4.3.1";

  private ContainerImages() {}

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
