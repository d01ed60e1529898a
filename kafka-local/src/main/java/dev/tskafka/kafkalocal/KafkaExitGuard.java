package dev.tskafka.kafkalocal;

import org.apache.kafka.common.utils.Exit;

/**
 * Stops Kafka's server classes from ending the JVM they are embedded in: {@code Exit.exit} and
 * {@code Exit.halt} throw instead, and the shutdown hooks Connect registers through {@code Exit}
 * are dropped so that {@link LocalKafkaStack} alone orders the shutdown.
 */
final class KafkaExitGuard {

  private KafkaExitGuard() {}

  static void install() {
    Exit.setExitProcedure(KafkaExitGuard::refuse);
    Exit.setHaltProcedure(KafkaExitGuard::refuse);
    Exit.setShutdownHookAdder((name, hook) -> {});
  }

  private static void refuse(int statusCode, String message) {
    throw new IllegalStateException(
        "Kafka asked to end the JVM with status " + statusCode + ": " + message);
  }
}
