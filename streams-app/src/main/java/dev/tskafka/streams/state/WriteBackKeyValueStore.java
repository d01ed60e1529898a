package dev.tskafka.streams.state;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A key-value store that keeps the values it serves as live objects and writes changed ones to the
 * inner (serializing, changelogged, persistent) store only when Kafka Streams flushes or commits
 * it, which happens before offsets are committed. An open window updated by every record is then
 * serialized once per commit instead of once per record, and read without deserializing it.
 *
 * <p>Exactly-once is kept: Kafka Streams flushes caches ({@link #flushCache}) before it commits the
 * producer transaction with the input offsets, and this store writes back there, so the changelog
 * of every commit holds exactly the state its offsets produced. ({@code flush()} and {@code
 * commit()} come after the transaction, too late for the changelog: that is why this store takes
 * part in Kafka Streams' cache protocol, an internal interface, like its own caching stores do.)
 * After a crash the inner store is restored from the changelog and this layer starts empty. Range
 * scans write back first, so they see every change. For the stream thread only: not meant for
 * interactive queries.
 *
 * <p>Bounded: at most {@code maxLiveEntries} values stay live. Beyond that the least recently used
 * one is written back (if changed) and dropped, so the heap holds a configured number of objects
 * whatever the number of series; an evicted value is read back from the inner store when it is next
 * needed. A write-back between commits is safe under exactly-once: it lands in the changelog within
 * the same transaction, as every write of a store without this layer does.
 */
public final class WriteBackKeyValueStore<K, V>
    implements KeyValueStore<K, V>, CachedStateStore<K, V> {
  private final KeyValueStore<K, V> inner;
  private final int maxLiveEntries;
  private final LinkedHashMap<K, Slot<V>> live = new LinkedHashMap<>(16, 0.75f, true); // LRU
  private final Set<K> pendingDeletes = new HashSet<>(); // never live
  private long evictions;

  /** A live value, and whether the inner store has yet to see it: one lookup reads both. */
  private static final class Slot<V> {
    V value;
    boolean dirty;

    Slot(V value, boolean dirty) {
      this.value = value;
      this.dirty = dirty;
    }
  }

  public WriteBackKeyValueStore(KeyValueStore<K, V> inner, int maxLiveEntries) {
    if (maxLiveEntries < 1) {
      throw new IllegalArgumentException("maxLiveEntries must be at least 1: " + maxLiveEntries);
    }
    this.inner = inner;
    this.maxLiveEntries = maxLiveEntries;
  }

  /** Values dropped from the heap since the store opened (written back first when changed). */
  public long evictions() {
    return evictions;
  }

  /** Values held as objects now. */
  public int liveEntries() {
    return live.size();
  }

  private void keepLive(K key, Slot<V> slot) {
    live.put(key, slot);
    if (live.size() > maxLiveEntries) {
      Iterator<Map.Entry<K, Slot<V>>> eldest = live.entrySet().iterator();
      Map.Entry<K, Slot<V>> e = eldest.next();
      if (e.getValue().dirty) {
        inner.put(e.getKey(), e.getValue().value);
      }
      eldest.remove();
      evictions++;
    }
  }

  @Override
  public V get(K key) {
    Slot<V> slot = live.get(key);
    if (slot != null) {
      return slot.value;
    }
    if (pendingDeletes.contains(key)) {
      return null;
    }
    V value = inner.get(key);
    if (value != null) {
      keepLive(key, new Slot<>(value, false));
    }
    return value;
  }

  @Override
  public void put(K key, V value) {
    if (value == null) {
      delete(key);
      return;
    }
    Slot<V> slot = live.get(key);
    if (slot != null) {
      slot.value = value;
      slot.dirty = true;
      return;
    }
    pendingDeletes.remove(key);
    keepLive(key, new Slot<>(value, true));
  }

  @Override
  public V putIfAbsent(K key, V value) {
    V existing = get(key);
    if (existing == null) {
      put(key, value);
    }
    return existing;
  }

  @Override
  public void putAll(List<KeyValue<K, V>> entries) {
    entries.forEach(e -> put(e.key, e.value));
  }

  @Override
  public V delete(K key) {
    V old = get(key);
    live.remove(key);
    pendingDeletes.add(key);
    return old;
  }

  /**
   * Writes every change since the last write-back to the inner store (and its changelog). Changed
   * values are found by a pass over the live ones, at most {@code maxLiveEntries}: an evicted value
   * was written back as it left.
   */
  private void writeBack() {
    for (K key : pendingDeletes) {
      inner.delete(key);
    }
    pendingDeletes.clear();
    for (Map.Entry<K, Slot<V>> e : live.entrySet()) {
      Slot<V> slot = e.getValue();
      if (slot.dirty) {
        inner.put(e.getKey(), slot.value);
        slot.dirty = false;
      }
    }
  }

  @Override
  public KeyValueIterator<K, V> range(K from, K to) {
    writeBack();
    return inner.range(from, to);
  }

  @Override
  public KeyValueIterator<K, V> reverseRange(K from, K to) {
    writeBack();
    return inner.reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<K, V> all() {
    writeBack();
    return inner.all();
  }

  @Override
  public KeyValueIterator<K, V> reverseAll() {
    writeBack();
    return inner.reverseAll();
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS serializer) {
    writeBack();
    return inner.prefixScan(prefix, serializer);
  }

  @Override
  public long approximateNumEntries() {
    return inner.approximateNumEntries();
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    live.clear();
    pendingDeletes.clear();
    inner.init(context, root);
  }

  @Override
  public void flushCache() {
    writeBack();
    if (inner instanceof CachedStateStore<?, ?> cached) {
      cached.flushCache();
    }
  }

  /** Drops what was not written back: Kafka Streams calls this when it aborts a transaction. */
  @Override
  public void clearCache() {
    live.clear();
    pendingDeletes.clear();
    if (inner instanceof CachedStateStore<?, ?> cached) {
      cached.clearCache();
    }
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
    return false;
  }

  @Override
  @SuppressWarnings("deprecation")
  public void flush() {
    writeBack();
    inner.flush();
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    writeBack();
    inner.commit(changelogOffsets);
  }

  // Deprecated in StateStore (KIP-1035 moves it) but still called by Streams 4.3: a wrapper must
  // pass it through, as it must flush() above.
  @Override
  @SuppressWarnings("deprecation")
  public boolean managesOffsets() {
    return inner.managesOffsets();
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return inner.committedOffset(partition);
  }

  /** Closing drops unwritten changes: a clean close is preceded by a flush, a dirty one is not. */
  @Override
  public void close() {
    live.clear();
    pendingDeletes.clear();
    inner.close();
  }

  @Override
  public boolean persistent() {
    return inner.persistent();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound bound, QueryConfig config) {
    return inner.query(query, bound, config);
  }

  @Override
  public Position getPosition() {
    return inner.getPosition();
  }
}
