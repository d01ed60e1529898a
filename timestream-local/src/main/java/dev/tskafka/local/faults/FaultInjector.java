package dev.tskafka.local.faults;

import dev.tskafka.local.protocol.ServiceException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Injects latency and errors into requests, as configured at start and changed at run time: the
 * standing {@link FaultSettings}, and a count of next requests to fail with a chosen error.
 */
public final class FaultInjector {
  /** The errors a request can be made to fail with. */
  public enum Failure {
    THROTTLING,
    INTERNAL_ERROR;

    ServiceException toException() {
      return this == THROTTLING
          ? ServiceException.throttling("Rate exceeded (injected by timestream-local).")
          : ServiceException.internal("Internal server error (injected by timestream-local).");
    }
  }

  private volatile FaultSettings settings;
  private final AtomicInteger failNext = new AtomicInteger();
  private volatile Failure failNextWith = Failure.INTERNAL_ERROR;
  private final AtomicLong injectedFailures = new AtomicLong();

  public FaultInjector(FaultSettings settings) {
    this.settings = settings;
  }

  public FaultSettings settings() {
    return settings;
  }

  public void settings(FaultSettings newSettings) {
    settings = newSettings;
  }

  /** Makes the next {@code count} requests fail with {@code failure}. */
  public synchronized void failNext(int count, Failure failure) {
    failNextWith = failure;
    failNext.set(count);
  }

  /** How many of the "fail next" requests are still to fail. */
  public int pendingFailures() {
    return failNext.get();
  }

  /** How many requests have failed by injection since start or the last reset. */
  public long injectedFailures() {
    return injectedFailures.get();
  }

  /** Clears every fault. */
  public synchronized void reset() {
    settings = FaultSettings.NONE;
    failNext.set(0);
    injectedFailures.set(0);
  }

  /** Applies the faults to one request: sleeps for the latency, then maybe throws. */
  public void beforeRequest() throws InterruptedException {
    FaultSettings current = settings;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long delay =
        current.latencyMs()
            + (current.jitterMs() > 0 ? random.nextLong(current.jitterMs() + 1) : 0);
    if (delay > 0) {
      Thread.sleep(delay);
    }
    if (failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      throw injected(failNextWith);
    }
    if (current.throttleProbability() > 0 && random.nextDouble() < current.throttleProbability()) {
      throw injected(Failure.THROTTLING);
    }
    if (current.internalErrorProbability() > 0
        && random.nextDouble() < current.internalErrorProbability()) {
      throw injected(Failure.INTERNAL_ERROR);
    }
  }

  private ServiceException injected(Failure failure) {
    injectedFailures.incrementAndGet();
    return failure.toException();
  }
}
