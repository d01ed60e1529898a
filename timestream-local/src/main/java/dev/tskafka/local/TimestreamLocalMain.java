package dev.tskafka.local;

import dev.tskafka.local.faults.FaultSettings;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar timestream-local.jar [--port N] [--host H] [--data-dir DIR] [--region R]
 * [--threads N] [--latency-ms N] [--jitter-ms N] [--throttle-probability P] [--error-probability
 * P]}. Prints one ready line with the endpoint, then serves until stopped (SIGTERM or Ctrl-C).
 */
public final class TimestreamLocalMain {
  private static final String USAGE =
      "Usage: java -jar timestream-local.jar [--port N (default 8000, 0 = any free)] [--host ADDR"
          + " (default 127.0.0.1)] [--data-dir DIR] [--region REGION] [--threads N (request threads,"
          + " default 32; injected latency holds one per request)] [--latency-ms N] [--jitter-ms N]"
          + " [--throttle-probability P] [--error-probability P]";

  private TimestreamLocalMain() {}

  public static void main(String[] args) throws InterruptedException {
    TimestreamLocal.Builder builder = TimestreamLocal.builder().port(8000);
    long latencyMs = 0;
    long jitterMs = 0;
    double throttle = 0;
    double error = 0;
    try {
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (option.equals("--help") || option.equals("-h")) {
          System.out.println(USAGE);
          return;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Option " + option + " needs a value.");
        }
        String value = args[++i];
        switch (option) {
          case "--port" -> builder.port(Integer.parseInt(value));
          case "--host" -> builder.host(value);
          case "--data-dir" -> builder.dataDir(Path.of(value));
          case "--region" -> builder.region(value);
          case "--threads" -> builder.threads(Integer.parseInt(value));
          case "--latency-ms" -> latencyMs = Long.parseLong(value);
          case "--jitter-ms" -> jitterMs = Long.parseLong(value);
          case "--throttle-probability" -> throttle = Double.parseDouble(value);
          case "--error-probability" -> error = Double.parseDouble(value);
          default -> throw new IllegalArgumentException("Unknown option " + option + ".");
        }
      }
      builder.faults(new FaultSettings(latencyMs, jitterMs, throttle, error));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    TimestreamLocal local = builder.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  local.close();
                  stopped.countDown();
                },
                "timestream-local-shutdown"));
    System.out.println("timestream-local ready endpoint=" + local.endpoint());
    System.out.flush();
    Thread warmUp = new Thread(local::warmUpQueries, "timestream-local-query-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
    stopped.await();
  }
}
