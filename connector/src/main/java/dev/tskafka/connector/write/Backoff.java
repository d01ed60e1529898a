package dev.tskafka.connector.write;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with equal jitter: before attempt n+1 wait between half and all of min(cap,
 * base * 2^(n-1)), so delays grow and concurrent retries spread out.
 */
public record Backoff(Duration base, Duration cap) {

  /** The delay after the given failed attempt (1-based), in milliseconds. */
  public long delayMillis(int failedAttempt) {
    long ceiling = base.toMillis() << Math.min(failedAttempt - 1, 30);
    if (ceiling <= 0 || ceiling > cap.toMillis()) {
      ceiling = cap.toMillis();
    }
    long half = ceiling / 2;
    return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
  }
}
