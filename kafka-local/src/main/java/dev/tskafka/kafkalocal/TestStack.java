package dev.tskafka.kafkalocal;

import java.util.Locale;

/**
 * Which stack the end-to-end tests run on: containers (Testcontainers, official Apache Kafka
 * images) where a Docker engine answers, else the in-JVM broker and worker. One switch forces
 * either: the system property {@value #PROPERTY} or the environment variable {@value #ENV}, with
 * the value {@code auto} (the default), {@code jvm} or {@code containers}. Forcing containers on a
 * machine without Docker makes the tests skip, saying why, rather than run on something else.
 *
 * @param containers whether the tests run on containers
 * @param available false when containers were forced and no Docker engine answers
 * @param reason why this stack, for the test output and for a skip
 */
public record TestStack(boolean containers, boolean available, String reason) {
  public static final String PROPERTY = "tskafka.it.stack";
  public static final String ENV = "TSKAFKA_IT_STACK";

  /** The stack for this JVM, decided once (on first use) and printed once. */
  public static TestStack get() {
    return Decided.STACK;
  }

  private static final class Decided {
    static final TestStack STACK = resolve(setting(), TestStack::dockerAnswers);

    static {
      System.out.println("[tskafka-it] stack: " + STACK.describe());
    }

    private Decided() {}
  }

  static String setting() {
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank()) {
      value = System.getenv(ENV);
    }
    return value == null || value.isBlank() ? "auto" : value.trim().toLowerCase(Locale.ROOT);
  }

  /** The decision for a setting, given whether Docker answers (asked only when it matters). */
  static TestStack resolve(String setting, java.util.function.BooleanSupplier docker) {
    return switch (setting) {
      case "jvm" -> new TestStack(false, true, PROPERTY + "=jvm: in-JVM broker and Connect worker");
      case "containers" ->
          docker.getAsBoolean()
              ? new TestStack(true, true, PROPERTY + "=containers and a Docker engine answers")
              : new TestStack(
                  true,
                  false,
                  PROPERTY
                      + "=containers but no Docker engine answers here (Testcontainers found"
                      + " none); unset it, or set it to jvm, to run on the in-JVM stack");
      case "auto" ->
          docker.getAsBoolean()
              ? new TestStack(
                  true, true, "a Docker engine answers (set " + PROPERTY + "=jvm to avoid it)")
              : new TestStack(false, true, "no Docker engine answers (Testcontainers found none)");
      default ->
          throw new IllegalArgumentException(
              PROPERTY
                  + " (or "
                  + ENV
                  + ") must be auto, jvm or containers, not '"
                  + setting
                  + "'");
    };
  }

  /**
   * Starts a broker on this stack: a container, or a broker in this JVM.
   *
   * @throws IllegalStateException when containers were forced and no Docker engine answers
   */
  public KafkaBroker startBroker() {
    if (!available) {
      throw new IllegalStateException(reason);
    }
    return containers ? ContainerKafkaBroker.start() : LocalKafkaBroker.start(java.util.Map.of());
  }

  /** One line for the test output: which stack, and why. */
  public String describe() {
    String what =
        !containers
            ? "in-JVM (KRaft broker and Connect worker in the test JVM)"
            : "containers (" + ContainerImages.KAFKA + ")";
    return available ? what + "; " + reason : "none: " + reason;
  }

  /**
   * Whether Testcontainers finds a Docker engine. Testcontainers is an optional dependency of
   * kafka-local: without it on the classpath there is no container stack to choose.
   */
  private static boolean dockerAnswers() {
    try {
      Class.forName("org.testcontainers.DockerClientFactory");
    } catch (ClassNotFoundException e) {
      return false;
    }
    return ContainerImages.dockerAvailable();
  }
}
