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
    store = new WriteBackKeyValueStore<>(inner);
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
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
