package dev.tskafka.connector.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
    tracker.reported(rejected.get(0));
    assertThat(committed(tracker)).isEqualTo(6);
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
}
