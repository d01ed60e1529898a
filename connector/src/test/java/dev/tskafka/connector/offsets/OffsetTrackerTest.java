package dev.tskafka.connector.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
  static final TopicPartition TP = new TopicPartition("t", 0);

  static SinkRecord at(long offset) {
    return new SinkRecord(
        "t", 0, null, null, null, Map.of(), offset, 0L, TimestampType.CREATE_TIME);
  }

  static long committed(OffsetTracker tracker) {
    Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable(List.of(TP));
    return offsets.get(TP).offset();
  }

  @Test
  void shouldCommitOnlyUpToTheOldestUnwrittenRecord() {
    OffsetTracker tracker = new OffsetTracker();
    OffsetTracker.Slot s10 = tracker.track(at(10), 1);
    OffsetTracker.Slot s11 = tracker.track(at(11), 2);
    OffsetTracker.Slot s12 = tracker.track(at(12), 1);
    tracker.complete(s12, null);
    tracker.complete(s11, null);
    assertThat(committed(tracker)).isEqualTo(10);
    tracker.complete(s10, null);
    assertThat(committed(tracker)).isEqualTo(11); // s11 has one part left
    tracker.complete(s11, null);
    assertThat(committed(tracker)).isEqualTo(13);
    assertThat(tracker.pendingRecords()).isZero();
  }

  @Test
  void shouldHoldRejectedRecordUntilReported() {
    OffsetTracker tracker = new OffsetTracker();
    OffsetTracker.Slot slot = tracker.track(at(5), 1);
    tracker.complete(slot, "too old");
    assertThat(committed(tracker)).isEqualTo(5);
    List<OffsetTracker.Slot> rejected = tracker.takeRejected();
    assertThat(rejected)
        .singleElement()
        .extracting(OffsetTracker.Slot::rejection)
        .isEqualTo("too old");
    assertThat(tracker.takeRejected()).isEmpty();
    tracker.reported(rejected.get(0), null);
    assertThat(committed(tracker)).isEqualTo(6);
  }

  @Test
  void shouldHoldRejectedRecordUntilItsDeadLetterWriteCompletes() {
    OffsetTracker tracker = new OffsetTracker();
    OffsetTracker.Slot slot = tracker.track(at(5), 1);
    tracker.track(at(6), 0);
    tracker.complete(slot, "too old");
    CompletableFuture<Void> dlqWrite = new CompletableFuture<>();
    tracker.reported(tracker.takeRejected().get(0), dlqWrite);
    assertThat(committed(tracker)).isEqualTo(5);
    dlqWrite.complete(null);
    assertThat(committed(tracker)).isEqualTo(7);
    assertThat(tracker.reportFailure()).isNull();
  }

  @Test
  void shouldNeverCommitARecordWhoseDeadLetterWriteFailed() {
    OffsetTracker tracker = new OffsetTracker();
    OffsetTracker.Slot slot = tracker.track(at(5), 1);
    tracker.track(at(6), 0);
    tracker.complete(slot, "too old");
    CompletableFuture<Void> dlqWrite = new CompletableFuture<>();
    tracker.reported(tracker.takeRejected().get(0), dlqWrite);
    dlqWrite.completeExceptionally(new IllegalStateException("DLQ topic unavailable"));
    assertThat(committed(tracker)).isEqualTo(5);
    assertThat(tracker.reportFailure())
        .contains("t-0@5")
        .contains("dead-letter queue")
        .contains("DLQ topic unavailable");
  }

  @Test
  void shouldTrackTheConsumedCoordinatesWhenATransformRenamedTheTopic() {
    OffsetTracker tracker = new OffsetTracker();
    SinkRecord routed =
        at(41).newRecord("t-renamed", 0, null, null, null, Map.of(), 0L); // as RegexRouter does
    OffsetTracker.Slot slot = tracker.track(routed, 1);
    tracker.complete(slot, null);
    assertThat(tracker.committable(List.of(TP, new TopicPartition("t-renamed", 0))))
        .containsOnly(Map.entry(TP, new OffsetAndMetadata(42)));
  }

  @Test
  void shouldIgnoreARecordDeliveredAgain() {
    OffsetTracker tracker = new OffsetTracker();
    OffsetTracker.Slot first = tracker.track(at(7), 1);
    assertThat(tracker.track(at(7), 1)).isNull();
    assertThat(tracker.track(at(6), 1)).isNull();
    tracker.complete(first, null);
    assertThat(committed(tracker)).isEqualTo(8);
    assertThat(tracker.pendingRecords()).isZero();
  }

  @Test
  void shouldKeepNothingOfARecordOnceItIsDoneWhateverTheCommitInterval() {
    OffsetTracker tracker = new OffsetTracker();
    OffsetTracker.Slot stuck = tracker.track(at(0), 1);
    List<OffsetTracker.Slot> done = new ArrayList<>();
    for (long offset = 1; offset <= 100_000; offset++) {
      OffsetTracker.Slot slot = tracker.track(at(offset), 1);
      tracker.complete(slot, null);
      done.add(slot);
    }
    // No commit in between: only the one record not written is held, with its SinkRecord.
    assertThat(tracker.pendingRecords()).isEqualTo(1);
    assertThat(done).allSatisfy(slot -> assertThat(slot.origin()).isNull());
    assertThat(stuck.origin()).isNotNull();
    assertThat(committed(tracker)).isZero();
    tracker.complete(stuck, null);
    assertThat(committed(tracker)).isEqualTo(100_001);
  }

  @Test
  void shouldCommitPastSkippedRecordsAtOnce() {
    OffsetTracker tracker = new OffsetTracker();
    tracker.track(at(0), 0);
    tracker.track(at(1), 0);
    assertThat(committed(tracker)).isEqualTo(2);
  }

  @Test
  void shouldReturnNothingForPartitionsWithoutRecords() {
    assertThat(new OffsetTracker().committable(List.of(TP))).isEmpty();
  }

  @Test
  void shouldIgnoreLateCompletionsForForgottenPartitions() {
    OffsetTracker tracker = new OffsetTracker();
    OffsetTracker.Slot slot = tracker.track(at(3), 1);
    tracker.forget(List.of(TP));
    tracker.complete(slot, "late");
    assertThat(tracker.pendingRecords()).isZero();
    assertThat(tracker.takeRejected()).isEmpty();
  }

  @Test
  void aPartitionAssignedAgainAfterItWasForgottenStartsAfresh() {
    OffsetTracker tracker = new OffsetTracker();
    tracker.track(at(3), 1);
    tracker.forget(List.of(TP));

    OffsetTracker.Slot again = tracker.track(at(3), 1); // the new owner's first record, redelivered

    assertThat(again).as("tracked, not taken for a duplicate").isNotNull();
    assertThat(tracker.pendingRecords()).isEqualTo(1);
  }

  @Test
  void recordsOfTwoPartitionsInterleavedAreTrackedPerPartition() {
    OffsetTracker tracker = new OffsetTracker();
    TopicPartition other = new TopicPartition("t", 1);
    OffsetTracker.Slot a5 = tracker.track(at(5), 1);
    OffsetTracker.Slot b7 =
        tracker.track(
            new SinkRecord("t", 1, null, null, null, Map.of(), 7, 0L, TimestampType.CREATE_TIME),
            1);
    OffsetTracker.Slot a6 = tracker.track(at(6), 1);

    tracker.complete(a5, null);
    tracker.complete(b7, null);

    Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable(List.of(TP, other));
    assertThat(offsets.get(TP).offset()).isEqualTo(6); // a6 is still being written
    assertThat(offsets.get(other).offset()).isEqualTo(8);
    assertThat(a6).isNotNull();
  }
}
