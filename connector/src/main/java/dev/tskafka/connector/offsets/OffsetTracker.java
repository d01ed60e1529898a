package dev.tskafka.connector.offsets;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Which offsets may be committed: per partition, the offset of the oldest Kafka record that is not
 * yet written to Timestream nor reported to the dead-letter queue, or the next offset after the
 * last record seen when all are done. Records complete out of order (different tables, retries);
 * the committable offset only moves past a contiguous run of completed records.
 *
 * <p>Thread-safe: the task thread tracks records, write callbacks complete them.
 */
public final class OffsetTracker {
  private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
  private final List<Slot> rejected = new ArrayList<>();
  private int pendingRecords;

  /** One Kafka record in flight: done when all its Timestream records are written or reported. */
  public static final class Slot {
    private final SinkRecord origin;
    private int remaining;
    private String rejection;
    private boolean done;

    private Slot(SinkRecord origin, int parts) {
      this.origin = origin;
      this.remaining = parts;
      this.done = parts == 0;
    }

    public SinkRecord origin() {
      return origin;
    }

    /** Why Timestream refused one of this record's parts, when it did. */
    public String rejection() {
      return rejection;
    }
  }

  private static final class PartitionState {
    final ArrayDeque<Slot> slots = new ArrayDeque<>();
    long nextOffset = -1;
  }

  /**
   * Starts tracking a record that became {@code parts} Timestream records. With 0 parts (skipped or
   * already reported) the record is done at once.
   */
  public synchronized Slot track(SinkRecord record, int parts) {
    TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
    PartitionState state = partitions.computeIfAbsent(tp, t -> new PartitionState());
    Slot slot = new Slot(record, parts);
    if (!slot.done || !state.slots.isEmpty()) {
      state.slots.addLast(slot);
    }
    if (!slot.done) {
      pendingRecords++;
    }
    state.nextOffset = Math.max(state.nextOffset, record.kafkaOffset() + 1);
    return slot;
  }

  /**
   * Records the outcome of one part: written (reason null) or rejected. A record with a rejected
   * part is done only after {@link #reported}.
   */
  public synchronized void complete(Slot slot, String rejectionReason) {
    if (slot.done) {
      return; // its partition was revoked meanwhile
    }
    if (rejectionReason != null && slot.rejection == null) {
      slot.rejection = rejectionReason;
    }
    if (--slot.remaining == 0) {
      if (slot.rejection == null) {
        slot.done = true;
        pendingRecords--;
      } else {
        rejected.add(slot);
      }
    }
  }

  /** The records with a rejected part, waiting to be reported; each is handed out once. */
  public synchronized List<Slot> takeRejected() {
    List<Slot> out = new ArrayList<>(rejected);
    rejected.clear();
    return out;
  }

  /** Marks a rejected record as reported to the dead-letter queue, so its offset may commit. */
  public synchronized void reported(Slot slot) {
    if (!slot.done) {
      slot.done = true;
      pendingRecords--;
    }
  }

  /** The offsets safe to commit for these partitions (only partitions with tracked records). */
  public synchronized Map<TopicPartition, OffsetAndMetadata> committable(
      Collection<TopicPartition> assigned) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition tp : assigned) {
      PartitionState state = partitions.get(tp);
      if (state == null || state.nextOffset < 0) {
        continue;
      }
      while (!state.slots.isEmpty() && state.slots.peekFirst().done) {
        state.slots.pollFirst();
      }
      long offset =
          state.slots.isEmpty() ? state.nextOffset : state.slots.peekFirst().origin.kafkaOffset();
      out.put(tp, new OffsetAndMetadata(offset));
    }
    return out;
  }

  /** Kafka records tracked and not yet done. */
  public synchronized int pendingRecords() {
    return pendingRecords;
  }

  /** Stops tracking partitions that were revoked or closed. */
  public synchronized void forget(Collection<TopicPartition> revoked) {
    for (TopicPartition tp : revoked) {
      PartitionState state = partitions.remove(tp);
      if (state != null) {
        for (Slot slot : state.slots) {
          if (!slot.done) {
            slot.done = true;
            pendingRecords--;
          }
        }
      }
    }
    rejected.removeIf(
        s -> revoked.contains(new TopicPartition(s.origin.topic(), s.origin.kafkaPartition())));
  }
}
