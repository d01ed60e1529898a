package dev.tskafka.streams.state;

import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds a {@link WriteBackKeyValueStore} around the store of another builder. The record cache of
 * the inner store stays off: this layer caches objects, which is what saves the (de)serialization.
 */
public final class WriteBackStoreBuilder<K, V> implements StoreBuilder<KeyValueStore<K, V>> {
  private final StoreBuilder<KeyValueStore<K, V>> inner;
  private final int maxLiveEntries;

  /**
   * @param maxLiveEntries values kept as objects per store instance (per stream task)
   */
  public WriteBackStoreBuilder(StoreBuilder<KeyValueStore<K, V>> inner, int maxLiveEntries) {
    this.inner = inner.withCachingDisabled();
    this.maxLiveEntries = maxLiveEntries;
  }

  @Override
  public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
    throw new UnsupportedOperationException("a write-back store caches objects already");
  }

  @Override
  public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
    return this;
  }

  @Override
  public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
    inner.withLoggingEnabled(config);
    return this;
  }

  @Override
  public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
    inner.withLoggingDisabled();
    return this;
  }

  @Override
  public KeyValueStore<K, V> build() {
    return new WriteBackKeyValueStore<>(inner.build(), maxLiveEntries);
  }

  @Override
  public Map<String, String> logConfig() {
    return inner.logConfig();
  }

  @Override
  public boolean loggingEnabled() {
    return inner.loggingEnabled();
  }

  @Override
  public String name() {
    return inner.name();
  }
}
