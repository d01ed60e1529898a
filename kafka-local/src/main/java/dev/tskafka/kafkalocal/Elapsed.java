package dev.tskafka.kafkalocal;

import java.util.concurrent.TimeUnit;

/** Elapsed time for the start and stop log lines. */
final class Elapsed {

  private Elapsed() {}

  static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
