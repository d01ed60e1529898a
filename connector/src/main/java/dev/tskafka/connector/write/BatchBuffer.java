package dev.tskafka.connector.write;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups records by table across put() calls and cuts a batch when it reaches the batch size. A
 * partial batch leaves when it is older than the linger, or on demand (offset commit). Used by the
 * task thread only.
 */
public final class BatchBuffer<O> {
  private final int batchSize;
  private final long lingerNanos;
  private final Map<String, Open<O>> open = new LinkedHashMap<>();
  private int size;

  private static final class Open<O> {
    final List<PendingRecord<O>> records;
    final long startedNanos;

    Open(int capacity, long startedNanos) {
      this.records = new ArrayList<>(capacity);
      this.startedNanos = startedNanos;
    }
  }

  public BatchBuffer(int batchSize, long lingerNanos) {
    if (batchSize < 1 || batchSize > 100) {
      throw new IllegalArgumentException("batch size must be 1..100, was " + batchSize);
    }
    this.batchSize = batchSize;
    this.lingerNanos = lingerNanos;
  }

  /** Adds a record; returns the batch it completed, or null. */
  public Batch<O> add(String table, PendingRecord<O> record, long nowNanos) {
    Open<O> batch = open.computeIfAbsent(table, t -> new Open<>(batchSize, nowNanos));
    batch.records.add(record);
    size++;
    if (batch.records.size() < batchSize) {
      return null;
    }
    open.remove(table);
    size -= batch.records.size();
    return new Batch<>(table, batch.records);
  }

  /** Removes and returns the partial batches that have waited at least the linger. */
  public List<Batch<O>> drainLingering(long nowNanos) {
    List<Batch<O>> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, Open<O>>> it = open.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Open<O>> e = it.next();
      if (nowNanos - e.getValue().startedNanos >= lingerNanos) {
        it.remove();
        size -= e.getValue().records.size();
        out.add(new Batch<>(e.getKey(), e.getValue().records));
      }
    }
    return out;
  }

  /** Removes and returns every partial batch. */
  public List<Batch<O>> drainAll() {
    List<Batch<O>> out = new ArrayList<>(open.size());
    open.forEach((table, batch) -> out.add(new Batch<>(table, batch.records)));
    open.clear();
    size = 0;
    return out;
  }

  /** Records buffered in partial batches. */
  public int size() {
    return size;
  }

  /** Nanoseconds until the oldest partial batch reaches the linger, or -1 when empty. */
  public long nanosUntilNextLinger(long nowNanos) {
    long min = -1;
    for (Open<O> batch : open.values()) {
      long left = Math.max(0, batch.startedNanos + lingerNanos - nowNanos);
      min = min < 0 ? left : Math.min(min, left);
    }
    return min;
  }
}
