package dev.tskafka.kafkalocal;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs a {@link LocalKafkaStack} until SIGTERM or SIGINT, then shuts it down in order. Prints one
 * line to standard output once the stack serves, {@code kafka-local ready bootstrap=127.0.0.1:PORT
 * connect=http://127.0.0.1:PORT/}; logs go to standard error.
 *
 * <p>Options: {@code --plugin-path DIR[,DIR]}, {@code --no-connect}, {@code --data-dir DIR} (keeps
 * the broker's data, and the Connect worker's connectors, across restarts).
 */
public final class LocalKafkaStackMain {

  private static final String USAGE =
      "Usage: LocalKafkaStackMain [--plugin-path DIR[,DIR]] [--no-connect] [--data-dir DIR]";

  private LocalKafkaStackMain() {}

  public static void main(String[] args) throws InterruptedException {
    // Before the first logger exists; an explicit -Dlog4j2.configurationFile wins.
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "kafka-local-log4j2.xml");
    }
    LocalKafkaStack.Builder builder = LocalKafkaStack.builder();
    boolean withConnect = true;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--no-connect" -> withConnect = false;
          case "--plugin-path" ->
              builder.pluginPath(Arrays.stream(args[++i].split(",")).map(Path::of).toList());
          case "--data-dir" ->
              // A fixed group keeps the worker's internal topics, and its connectors, across runs.
              builder.dataDir(Path.of(args[++i])).workerProperty("group.id", "kafka-local-connect");
          default -> throw new IllegalArgumentException("Unknown option " + args[i]);
        }
      }
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      System.err.println(USAGE);
      System.exit(2);
    }
    LocalKafkaStack stack = builder.withConnect(withConnect).start();
    String ready = "kafka-local ready bootstrap=" + stack.broker().bootstrapServers();
    if (withConnect) {
      ready += " connect=" + stack.connect().restUrl();
    }
    System.out.println(ready);
    // The stack's shutdown hook closes it on SIGTERM or SIGINT.
    Thread.currentThread().join();
  }
}
