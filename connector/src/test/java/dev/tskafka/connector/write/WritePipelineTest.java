package dev.tskafka.connector.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tskafka.connector.mapping.MeasureType;
import dev.tskafka.connector.mapping.TsDimension;
import dev.tskafka.connector.mapping.TsMeasure;
import dev.tskafka.connector.mapping.TsRecord;
import dev.tskafka.connector.mapping.TsTimeUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WritePipelineTest {
  /** A writer whose answers the test scripts; it records every call. */
  static final class ScriptedWriter implements TimestreamWriter {
    final List<List<TsRecord>> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger maxOpen = new AtomicInteger();
    final List<CompletableFuture<WriteResult>> pending = new CopyOnWriteArrayList<>();
    BiFunction<Integer, List<TsRecord>, CompletableFuture<WriteResult>> answer =
        (n, records) -> CompletableFuture.completedFuture(WriteResult.ALL_WRITTEN);

    @Override
    public CompletableFuture<WriteResult> write(String table, List<TsRecord> records) {
      calls.add(records);
      int now = open.incrementAndGet();
      maxOpen.accumulateAndGet(now, Math::max);
      CompletableFuture<WriteResult> f = answer.apply(calls.size(), records);
      return f.whenComplete((r, e) -> open.decrementAndGet());
    }

    @Override
    public void close() {}
  }

  final ScriptedWriter writer = new ScriptedWriter();
  final Map<String, String> outcomes = new ConcurrentHashMap<>();
  final List<Integer> retries = new CopyOnWriteArrayList<>();
  WritePipeline<Integer> pipeline;

  WritePipeline<Integer> pipeline(int maxInFlight, int maxAttempts) {
    pipeline =
        new WritePipeline<>(
            writer,
            new WriteListener<>() {
              @Override
              public void completed(PendingRecord<Integer> record, String rejectionReason) {
                outcomes.put(
                    record.record().measureName(),
                    rejectionReason == null ? "written" : rejectionReason);
              }

              @Override
              public void superseded(PendingRecord<Integer> record) {
                outcomes.put(record.record().measureName(), "superseded");
              }

              @Override
              public void retrying(Batch<Integer> batch, int failedAttempt, WriteException cause) {
                retries.add(failedAttempt);
              }
            },
            maxInFlight,
            maxAttempts,
            new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)));
    return pipeline;
  }

  @AfterEach
  void close() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  /** A batch of one record per measure name; each record's origin is its position. */
  static Batch<Integer> batch(String... measureNames) {
    List<PendingRecord<Integer>> records = new ArrayList<>();
    for (String name : measureNames) {
      TsRecord r =
          new TsRecord(
              List.of(new TsDimension("host", "h1")),
              name,
              false,
              List.of(new TsMeasure(name, MeasureType.DOUBLE, "1.0")),
              1,
              TsTimeUnit.MILLISECONDS,
              null);
      records.add(new PendingRecord<>(r, records.size()));
    }
    return new Batch<>("table", records);
  }

  static CompletableFuture<WriteResult> failed(WriteException.Kind kind) {
    return CompletableFuture.failedFuture(
        new WriteException(kind, kind + " from the service", null));
  }

  @Test
  void shouldRetryThrottledCallUntilItSucceeds() {
    writer.answer =
        (n, r) ->
            n <= 3
                ? failed(WriteException.Kind.THROTTLED)
                : CompletableFuture.completedFuture(WriteResult.ALL_WRITTEN);
    pipeline(4, 10).submit(batch("a", "b"));
    await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() == 2);
    assertThat(outcomes).containsEntry("a", "written").containsEntry("b", "written");
    assertThat(retries).containsExactly(1, 2, 3);
    assertThat(pipeline.failure()).isNull();
    assertThat(pipeline.outstandingRecords()).isZero();
  }

  @Test
  void shouldFailWithoutReportingRecordsWhenAttemptsRunOut() {
    writer.answer = (n, r) -> failed(WriteException.Kind.TRANSIENT);
    pipeline(4, 3).submit(batch("a"));
    await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.failure() != null);
    assertThat(writer.calls).hasSize(3);
    assertThat(outcomes).isEmpty();
    assertThat(pipeline.failure().getMessage())
        .contains("failed after 3 attempt(s)")
        .contains("TRANSIENT from the service");
    assertThat(pipeline.outstandingRecords()).isEqualTo(1);
  }

  @Test
  void shouldNotRetryFatalFailure() {
    writer.answer = (n, r) -> failed(WriteException.Kind.FATAL);
    pipeline(4, 10).submit(batch("a"));
    await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.failure() != null);
    assertThat(writer.calls).hasSize(1);
    assertThat(retries).isEmpty();
  }

  @Test
  void shouldStopSendingQueuedBatchesAfterFailure() {
    writer.answer = (n, r) -> failed(WriteException.Kind.FATAL);
    pipeline(1, 10);
    pipeline.submit(batch("a"));
    pipeline.submit(batch("b"));
    await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.failure() != null);
    assertThat(writer.calls).hasSize(1);
  }

  @Test
  void shouldIsolateInvalidRecordByRetryingOneByOne() {
    writer.answer =
        (n, records) ->
            records.stream().anyMatch(r -> r.measureName().equals("bad"))
                ? failed(WriteException.Kind.INVALID_REQUEST)
                : CompletableFuture.completedFuture(WriteResult.ALL_WRITTEN);
    pipeline(4, 10).submit(batch("a", "bad", "c"));
    await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() == 3);
    assertThat(outcomes).containsEntry("a", "written").containsEntry("c", "written");
    assertThat(outcomes.get("bad")).contains("INVALID_REQUEST");
    assertThat(writer.calls).hasSize(4);
  }

  @Test
  void shouldReportRejectedRecordsByIndexAndWriteTheOthers() {
    writer.answer =
        (n, r) -> CompletableFuture.completedFuture(new WriteResult(Map.of(1, "too old")));
    pipeline(4, 10).submit(batch("a", "b", "c"));
    await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() == 3);
    assertThat(outcomes)
        .containsEntry("a", "written")
        .containsEntry("b", "too old")
        .containsEntry("c", "written");
  }

  @Test
  void shouldReportRecordsTheTableHoldsANewerVersionOfAsSupersededNotRejected() {
    writer.answer =
        (n, r) ->
            CompletableFuture.completedFuture(
                new WriteResult(Map.of(2, "same version, other value"), Set.of(1)));
    pipeline(4, 10).submit(batch("a", "b", "c"));
    await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() == 3);
    assertThat(outcomes)
        .containsEntry("a", "written")
        .containsEntry("b", "superseded")
        .containsEntry("c", "same version, other value");
  }

  @Test
  void shouldKeepAtMostMaxInFlightCalls() throws Exception {
    writer.answer =
        (n, r) -> {
          CompletableFuture<WriteResult> f = new CompletableFuture<>();
          writer.pending.add(f);
          return f;
        };
    pipeline(3, 10);
    for (int i = 0; i < 10; i++) {
      pipeline.submit(batch("m" + i));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> writer.calls.size() == 3);
    Thread.sleep(50);
    assertThat(writer.calls).hasSize(3);
    assertThat(pipeline.inFlight()).isEqualTo(3);
    while (outcomes.size() < 10) {
      for (CompletableFuture<WriteResult> f : writer.pending) {
        f.complete(WriteResult.ALL_WRITTEN);
      }
      Thread.sleep(1);
    }
    assertThat(writer.maxOpen.get()).isEqualTo(3);
    assertThat(pipeline.awaitOutstandingAtMost(0, Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void eachWaiterReturnsOnceItsOwnLimitIsReached() throws Exception {
    List<CompletableFuture<WriteResult>> answers = new CopyOnWriteArrayList<>();
    writer.answer =
        (n, records) -> {
          CompletableFuture<WriteResult> answer = new CompletableFuture<>();
          answers.add(answer);
          return answer;
        };
    pipeline(4, 10);
    for (String name : List.of("a", "b", "c")) {
      pipeline.submit(batch(name));
    }
    await().until(() -> answers.size() == 3);
    CompletableFuture<Boolean> atMostOne = waitInBackground(1);
    CompletableFuture<Boolean> atMostTwo = waitInBackground(2);
    Thread.sleep(100);
    assertThat(atMostOne).isNotDone();
    assertThat(atMostTwo).isNotDone();

    answers.get(0).complete(WriteResult.ALL_WRITTEN);
    assertThat(atMostTwo.get(10, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(100);
    assertThat(atMostOne).as("two records are still outstanding").isNotDone();

    answers.get(1).complete(WriteResult.ALL_WRITTEN);
    assertThat(atMostOne.get(10, TimeUnit.SECONDS)).isTrue();
  }

  private CompletableFuture<Boolean> waitInBackground(int limit) {
    CompletableFuture<Boolean> returned = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                returned.complete(pipeline.awaitOutstandingAtMost(limit, Duration.ofSeconds(30)));
              } catch (InterruptedException e) {
                returned.completeExceptionally(e);
              }
            });
    waiter.setDaemon(true);
    waiter.start();
    return returned;
  }
}
