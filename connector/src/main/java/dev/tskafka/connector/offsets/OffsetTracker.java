package dev.tskafka.connector.offsets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Which offsets may be committed: per partition, the offset of the oldest Kafka record that is not
 * yet written to Timestream nor durably reported to the dead-letter queue, or the next offset after
 * the last record seen when all are done. Records complete out of order (different tables,
 * retries); the committable offset only moves past a contiguous run of done records.
 *
 * <p>Memory is bounded by the records not yet done, whatever the commit interval: a done record
 * leaves its partition's list at once (an intrusive doubly linked list, so that a record done in
 * the middle leaves in constant time), and a record keeps its {@link SinkRecord} (with the consumer
 * record's bytes) only while it may still need a dead-letter report.
 *
 * <p>Records are tracked by their coordinates before transforms ({@code originalTopic()}, {@code
 * originalKafkaPartition()}, {@code originalKafkaOffset()}): those are the consumer's offsets,
 * which a topic-renaming transform does not change.
 *
 * <p>Thread-safe: the task thread tracks records, write callbacks complete them.
 */
public final class OffsetTracker {
  private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
  private PartitionState last; // the partition of the last record tracked (see stateOf)
  private final List<Slot> rejected = new ArrayList<>();
  private final List<Slot> reporting = new ArrayList<>();
  private String reportFailure;

  /**
   * One Kafka record not yet done: done when all its Timestream records are written or reported.
   */
  public static final class Slot {
    private final PartitionState partition;
    private final long offset;
    private SinkRecord origin;
    private int remaining;
    private String rejection;
    private Future<?> report;
    private boolean done;
    private Slot prev;
    private Slot next;

    private Slot(PartitionState partition, SinkRecord origin, long offset, int parts) {
      this.partition = partition;
      this.origin = origin;
      this.offset = offset;
      this.remaining = parts;
    }

    /** The record, while it may still be reported; null once done. */
    public SinkRecord origin() {
      return origin;
    }

    /** Why Timestream refused one of this record's parts, when it did. */
    public String rejection() {
      return rejection;
    }
  }

  private static final class PartitionState {
    final TopicPartition partition;
    Slot head;
    Slot tail;
    int pending;
    long nextOffset = -1;

    PartitionState(TopicPartition partition) {
      this.partition = partition;
    }

    void append(Slot slot) {
      slot.prev = tail;
      if (tail == null) {
        head = slot;
      } else {
        tail.next = slot;
      }
      tail = slot;
      pending++;
    }

    void unlink(Slot slot) {
      if (slot.prev == null) {
        head = slot.next;
      } else {
        slot.prev.next = slot.next;
      }
      if (slot.next == null) {
        tail = slot.prev;
      } else {
        slot.next.prev = slot.prev;
      }
      slot.prev = null;
      slot.next = null;
      pending--;
    }
  }

  /**
   * The state of the partition a record was consumed from, before any transform. The last one is
   * kept at hand: a put() brings runs of records from one partition, and a key built per record was
   * 2 % of what the task allocates.
   */
  private PartitionState stateOf(SinkRecord record) {
    String topic = record.originalTopic();
    int partition = record.originalKafkaPartition();
    PartitionState state = last;
    if (state == null
        || state.partition.partition() != partition
        || !state.partition.topic().equals(topic)) {
      state = partitions.computeIfAbsent(new TopicPartition(topic, partition), PartitionState::new);
      last = state;
    }
    return state;
  }

  /**
   * Starts tracking a record that became {@code parts} Timestream records; with 0 parts (a
   * tombstone, say) the record is done at once. Returns null for a record at or below an offset
   * already tracked in its partition: a redelivery (after a retriable put() or a rewind), which is
   * already being handled.
   */
  public synchronized Slot track(SinkRecord record, int parts) {
    long offset = record.originalKafkaOffset();
    PartitionState state = stateOf(record);
    if (offset < state.nextOffset) {
      return null;
    }
    state.nextOffset = offset + 1;
    Slot slot = new Slot(state, record, offset, parts);
    if (parts == 0) {
      slot.done = true;
      slot.origin = null;
    } else {
      state.append(slot);
    }
    return slot;
  }

  /**
   * Records the outcome of one part: written (reason null) or rejected. A record with a rejected
   * part is done only once its dead-letter report is durable (see {@link #reported}).
   */
  public synchronized void complete(Slot slot, String rejectionReason) {
    if (slot.done || slot.remaining == 0) {
      return; // its partition was revoked meanwhile
    }
    if (rejectionReason != null && slot.rejection == null) {
      slot.rejection = rejectionReason;
    }
    if (--slot.remaining == 0) {
      if (slot.rejection == null) {
        markDone(slot);
      } else {
        rejected.add(slot);
      }
    }
  }

  /** {@link #complete} for each of a call's written records, under one lock. */
  public synchronized void completeWritten(List<Slot> slots) {
    for (Slot slot : slots) {
      complete(slot, null);
    }
  }

  /** The records with a rejected part, waiting to be reported; each is handed out once. */
  public synchronized List<Slot> takeRejected() {
    List<Slot> out = new ArrayList<>(rejected);
    rejected.clear();
    return out;
  }

  /**
   * A rejected record was handed to the dead-letter queue: it is done once {@code write} completes
   * without error (null: nothing to wait for, as when errors are tolerated without a queue).
   */
  public synchronized void reported(Slot slot, Future<?> write) {
    if (slot.done) {
      return;
    }
    if (write == null) {
      markDone(slot);
    } else {
      slot.report = write;
      reporting.add(slot);
      settleReports();
    }
  }

  /**
   * Marks done the records whose dead-letter write has completed; a write that failed leaves its
   * record (and so its partition's offset) uncommitted and is kept as {@link #reportFailure()}.
   */
  public synchronized void settleReports() {
    for (Iterator<Slot> it = reporting.iterator(); it.hasNext(); ) {
      Slot slot = it.next();
      if (slot.done) {
        it.remove();
        continue;
      }
      if (!slot.report.isDone()) {
        continue;
      }
      it.remove();
      try {
        slot.report.get();
        markDone(slot);
      } catch (ExecutionException | CancellationException e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        if (reportFailure == null) {
          reportFailure =
              "Could not write record "
                  + slot.partition.partition
                  + "@"
                  + slot.offset
                  + " to the dead-letter queue: "
                  + cause;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reporting.add(slot);
        return;
      }
    }
  }

  /** Why a dead-letter write failed, or null: the task must stop, that record stays uncommitted. */
  public synchronized String reportFailure() {
    return reportFailure;
  }

  private void markDone(Slot slot) {
    slot.done = true;
    slot.origin = null;
    slot.report = null;
    slot.partition.unlink(slot);
  }

  /** The offsets safe to commit for these partitions (only partitions with tracked records). */
  public synchronized Map<TopicPartition, OffsetAndMetadata> committable(
      Collection<TopicPartition> assigned) {
    settleReports();
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition tp : assigned) {
      PartitionState state = partitions.get(tp);
      if (state == null || state.nextOffset < 0) {
        continue;
      }
      long offset = state.head == null ? state.nextOffset : state.head.offset;
      out.put(tp, new OffsetAndMetadata(offset));
    }
    return out;
  }

  /** Kafka records tracked and not yet done, over all partitions. */
  public synchronized int pendingRecords() {
    int n = 0;
    for (PartitionState state : partitions.values()) {
      n += state.pending;
    }
    return n;
  }

  /** Stops tracking partitions that were revoked or closed. */
  public synchronized void forget(Collection<TopicPartition> revoked) {
    last = null;
    for (TopicPartition tp : revoked) {
      PartitionState state = partitions.remove(tp);
      if (state != null) {
        while (state.head != null) {
          markDone(state.head);
        }
      }
    }
    rejected.removeIf(s -> s.done);
    reporting.removeIf(s -> s.done);
  }
}
