package dev.tskafka.connector.write;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends batches with up to {@code maxInFlight} WriteRecords calls at once. A throttled or transient
 * failure is retried with backoff, keeping its slot, up to {@code maxAttempts}; then the pipeline
 * fails and sends nothing more (its records stay uncommitted). A request the service calls invalid
 * is retried record by record, so that only the bad record is rejected.
 */
public final class WritePipeline<O> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WritePipeline.class);

  private final TimestreamWriter writer;
  private final WriteListener<O> listener;
  private final int maxInFlight;
  private final int maxAttempts;
  private final Backoff backoff;
  private final ScheduledExecutorService retryTimer;

  private final Object lock = new Object();
  private final ArrayDeque<Batch<O>> queue = new ArrayDeque<>();
  private int inFlight;
  private int outstandingRecords;
  // Waiters on outstandingRecords and the highest limit one of them waits for: a finished call
  // wakes them only once it is reached, not on every call (a full buffer at 20 ms per call woke
  // the task thread for each of the ~5 calls it waited for between two put()s).
  private int waiters;
  private int wakeAtOrBelow = -1;
  private volatile WriteException failure;
  private volatile boolean closed;

  public WritePipeline(
      TimestreamWriter writer,
      WriteListener<O> listener,
      int maxInFlight,
      int maxAttempts,
      Backoff backoff) {
    this.writer = writer;
    this.listener = listener;
    this.maxInFlight = maxInFlight;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.retryTimer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "timestream-write-retry");
              t.setDaemon(true);
              return t;
            });
  }

  /** Queues a batch and sends it as soon as a call slot is free. */
  public void submit(Batch<O> batch) {
    synchronized (lock) {
      queue.addLast(batch);
      outstandingRecords += batch.size();
    }
    dispatch();
  }

  private void dispatch() {
    List<Batch<O>> toSend = new ArrayList<>();
    synchronized (lock) {
      while (failure == null && inFlight < maxInFlight && !queue.isEmpty()) {
        toSend.add(queue.pollFirst());
        inFlight++;
      }
    }
    toSend.forEach(batch -> send(batch, 1));
  }

  /**
   * Starts one call. The writer returns at once (it builds, signs and sends the request on its own
   * I/O thread), so this runs on whichever thread freed the slot: the task's, or the one that
   * handled the last answer.
   */
  private void send(Batch<O> batch, int attempt) {
    if (closed) {
      fail(batch, attempt, new WriteException(WriteException.Kind.FATAL, "pipeline closed", null));
      return;
    }
    long started = System.nanoTime();
    CompletableFuture<WriteResult> call;
    try {
      call = writer.write(batch.table(), batch.tsRecords());
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    call.whenComplete((result, error) -> onAnswer(batch, attempt, started, result, error));
  }

  private void onAnswer(
      Batch<O> batch, int attempt, long started, WriteResult result, Throwable error) {
    try {
      listener.callFinished(batch.size(), System.nanoTime() - started);
      if (error == null) {
        listener.answered(batch, result);
        release(batch.size());
        return;
      }
      WriteException cause = classify(error);
      if (cause.retryable() && attempt < maxAttempts && failure == null) {
        long delay = backoff.delayMillis(attempt);
        listener.retrying(batch, attempt, cause);
        log.debug(
            "WriteRecords to {} failed (attempt {}/{}), retrying in {} ms: {}",
            batch.table(),
            attempt,
            maxAttempts,
            delay,
            cause.getMessage());
        retryTimer.schedule(() -> send(batch, attempt + 1), delay, TimeUnit.MILLISECONDS);
        return;
      }
      if (cause.kind() == WriteException.Kind.INVALID_REQUEST) {
        if (batch.size() > 1) {
          splitIntoSingles(batch);
        } else {
          listener.completed(batch.records().get(0), cause.getMessage());
          release(1);
        }
        return;
      }
      fail(batch, attempt, cause);
    } catch (RuntimeException e) {
      fail(batch, attempt, new WriteException(WriteException.Kind.FATAL, e.toString(), e));
    }
  }

  private void splitIntoSingles(Batch<O> batch) {
    synchronized (lock) {
      inFlight--;
      for (int i = batch.size() - 1; i >= 0; i--) {
        queue.addFirst(new Batch<>(batch.table(), List.of(batch.records().get(i))));
      }
    }
    dispatch();
  }

  private void release(int records) {
    synchronized (lock) {
      inFlight--;
      outstandingRecords -= records;
      if (outstandingRecords <= wakeAtOrBelow) {
        lock.notifyAll();
      }
    }
    dispatch();
  }

  private void fail(Batch<O> batch, int attempts, WriteException cause) {
    String message =
        String.format(
            "WriteRecords of %d records to table %s failed after %d attempt(s): %s",
            batch.size(), batch.table(), attempts, cause.getMessage());
    synchronized (lock) {
      if (failure == null) {
        failure = new WriteException(cause.kind(), message, cause);
      }
      inFlight--;
      lock.notifyAll();
    }
    if (closed) {
      // The task is stopping (a rebalance, a restart): its calls end with the executors shut down.
      // Nothing was committed for these records; the next owner of the partition writes them.
      log.debug("{} (pipeline closed; the records stay uncommitted)", message);
    } else {
      log.error(message);
    }
  }

  private static WriteException classify(Throwable error) {
    Throwable e = WriteException.unwrap(error);
    if (e instanceof WriteException we) {
      return we;
    }
    return new WriteException(WriteException.Kind.FATAL, e.toString(), e);
  }

  /** The failure that stopped the pipeline, or null. */
  public WriteException failure() {
    return failure;
  }

  /** Timestream records queued or in a call. */
  public int outstandingRecords() {
    synchronized (lock) {
      return outstandingRecords;
    }
  }

  public int inFlight() {
    synchronized (lock) {
      return inFlight;
    }
  }

  /**
   * Waits until at most {@code limit} records are outstanding, the pipeline failed, or the timeout
   * passed. Returns whether the limit was reached.
   */
  public boolean awaitOutstandingAtMost(int limit, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      waiters++;
      try {
        while (outstandingRecords > limit && failure == null) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          wakeAtOrBelow = Math.max(wakeAtOrBelow, limit);
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
        return outstandingRecords <= limit;
      } finally {
        if (--waiters == 0) {
          wakeAtOrBelow = -1;
        }
      }
    }
  }

  /** Stops retries and closes the writer; outstanding records are abandoned (not committed). */
  @Override
  public void close() {
    closed = true;
    retryTimer.shutdownNow();
    writer.close();
  }
}
