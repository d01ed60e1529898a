package dev.tskafka.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteBackKeyValueStoreTest {
  KeyValueStore<String, StringBuilder> inner;
  WriteBackKeyValueStore<String, StringBuilder> store;

  @BeforeEach
  void open() {
    inner =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("windows"),
                Serdes.String(),
                Serdes.serdeFrom(
                    (t, sb) -> sb.toString().getBytes(),
                    (t, bytes) -> new StringBuilder(new String(bytes))))
            .withLoggingDisabled()
            .build();
    store = open(3);
  }

  private WriteBackKeyValueStore<String, StringBuilder> open(int maxLive) {
    WriteBackKeyValueStore<String, StringBuilder> s = new WriteBackKeyValueStore<>(inner, maxLive);
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    s.init(context.getStateStoreContext(), s);
    return s;
  }

  @Test
  void shouldKeepAtMostTheBoundLiveAndWriteTheLeastRecentlyUsedBackBeforeDroppingIt() {
    StringBuilder w1 = new StringBuilder("1");
    store.put("w1", w1);
    store.put("w2", new StringBuilder("2"));
    store.put("w3", new StringBuilder("3"));
    assertThat(store.get("w1")).isSameAs(w1); // w2 is now the least recently used
    store.put("w4", new StringBuilder("4"));
    assertThat(store.liveEntries()).isEqualTo(3);
    assertThat(store.evictions()).isEqualTo(1);
    assertThat(inner.get("w2")).as("written back when dropped").hasToString("2");
    assertThat(inner.get("w1")).as("still live, not yet written").isNull();
    assertThat(store.get("w2")).as("read back from the inner store").hasToString("2");
    store.flush();
    for (String key : List.of("w1", "w2", "w3", "w4")) {
      assertThat(inner.get(key)).hasToString(key.substring(1));
    }
  }

  @Test
  void shouldNotWriteBackAnUnchangedValueWhenItIsDropped() {
    store.put("w1", new StringBuilder("1"));
    store.flush();
    inner.put("w1", new StringBuilder("changed under it"));
    store.put("w2", new StringBuilder("2"));
    store.put("w3", new StringBuilder("3"));
    store.put("w4", new StringBuilder("4"));
    assertThat(store.evictions()).isEqualTo(1);
    assertThat(inner.get("w1"))
        .as("w1 was clean: dropping it writes nothing")
        .hasToString("changed under it");
  }

  @Test
  void shouldRefuseABoundBelowOne() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> open(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldServeTheLiveObjectAndWriteItBackOnlyAtFlush() {
    StringBuilder window = new StringBuilder("a");
    store.put("w1", window);
    assertThat(store.get("w1")).isSameAs(window);
    assertThat(inner.get("w1")).isNull();

    window.append("b");
    store.put("w1", window);
    store.flush();
    assertThat(inner.get("w1")).hasToString("ab");
    assertThat(store.get("w1")).isSameAs(window);
  }

  @Test
  void shouldWriteBackWhenKafkaStreamsFlushesCachesBeforeCommitting() {
    store.put("w1", new StringBuilder("a"));
    store.flushCache();
    assertThat(inner.get("w1")).hasToString("a");
  }

  @Test
  void shouldDropUnwrittenChangesWhenKafkaStreamsClearsCachesOnAbort() {
    store.put("w1", new StringBuilder("committed"));
    store.flushCache();
    store.put("w1", new StringBuilder("aborted"));
    store.clearCache();
    assertThat(store.get("w1")).hasToString("committed");
  }

  @Test
  void shouldWriteDeletesBackAndHideDeletedKeysAtOnce() {
    store.put("w1", new StringBuilder("a"));
    store.flush();
    assertThat(store.delete("w1")).hasToString("a");
    assertThat(store.get("w1")).isNull();
    assertThat(inner.get("w1")).hasToString("a");
    store.flush();
    assertThat(inner.get("w1")).isNull();
  }

  @Test
  void shouldWriteTheNewValueOfAKeyDeletedAndPutAgainBeforeAFlush() {
    store.put("w1", new StringBuilder("old"));
    store.flush();
    store.delete("w1");
    store.put("w1", new StringBuilder("new"));
    assertThat(store.get("w1")).hasToString("new");
    store.flush();
    assertThat(inner.get("w1")).hasToString("new");
  }

  @Test
  void shouldLetRangeScansSeeUnflushedChanges() {
    store.put("w1", new StringBuilder("a"));
    store.put("w2", new StringBuilder("b"));
    store.put("w3", new StringBuilder("c"));
    store.delete("w2");
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, StringBuilder> it = store.range("w1", "w9")) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    assertThat(keys).containsExactly("w1", "w3");
  }

  @Test
  void shouldKeepUnflushedChangesOutOfTheInnerStoreUntilFlush() {
    store.putAll(List.of(KeyValue.pair("w1", new StringBuilder("committed"))));
    store.flush();
    store.put("w1", new StringBuilder("not yet committed"));
    assertThat(inner.get("w1")).hasToString("committed");
    store.close(); // a dirty close (crash) writes nothing more
    assertThat(inner.isOpen()).isFalse();
  }
}
