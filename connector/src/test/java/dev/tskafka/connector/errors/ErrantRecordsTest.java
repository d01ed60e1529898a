package dev.tskafka.connector.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.runtime.InternalSinkRecord;
import org.apache.kafka.connect.runtime.errors.ProcessingContext;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.RegexRouter;
import org.junit.jupiter.api.Test;

class ErrantRecordsTest {
  @Test
  void aRecordTheWorkerMadeIsKeptWithoutItsConvertedDataButWithItsConsumedBytes() {
    byte[] consumed = "{\"cpu\":1.5}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ConsumerRecord<byte[], byte[]> original =
        new ConsumerRecord<>("hosts", 3, 42L, "web-01".getBytes(), consumed);
    SinkRecord converted =
        new SinkRecord("hosts", 3, Schema.STRING_SCHEMA, "web-01", null, Map.of("cpu", 1.5), 42L);
    SinkRecord record = new InternalSinkRecord(new ProcessingContext<>(original), converted);
    // After a topic-renaming transform, as the task receives it.
    try (RegexRouter<SinkRecord> router = new RegexRouter<>()) {
      router.configure(Map.of("regex", "hosts", "replacement", "renamed"));
      record = router.apply(record);
    }

    SinkRecord kept = ErrantRecords.reportable(record);

    assertThat(kept).isInstanceOf(InternalSinkRecord.class);
    assertThat(kept.value()).isNull();
    assertThat(kept.key()).isNull();
    assertThat(((InternalSinkRecord) kept).context().original().value()).isSameAs(consumed);
    assertThat(ErrantRecords.coordinates(kept)).isEqualTo("hosts-3@42");
    assertThat(kept.topic()).isEqualTo("renamed");
  }

  @Test
  void anyOtherRecordIsKeptWhole() {
    SinkRecord record = new SinkRecord("hosts", 0, null, null, null, Map.of("cpu", 1.5), 7L);

    assertThat(ErrantRecords.reportable(record)).isSameAs(record);
  }
}
