package dev.tskafka.connector.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchBufferTest {
  static PendingRecord<Integer> record() {
    return WritePipelineTest.batch("m").records().get(0);
  }

  @Test
  void shouldCutBatchWhenTableReachesBatchSize() {
    BatchBuffer<Integer> buffer = new BatchBuffer<>(3, 1_000);
    assertThat(buffer.add("a", record(), 0)).isNull();
    assertThat(buffer.add("b", record(), 0)).isNull();
    assertThat(buffer.add("a", record(), 0)).isNull();
    Batch<Integer> full = buffer.add("a", record(), 0);
    assertThat(full.table()).isEqualTo("a");
    assertThat(full.size()).isEqualTo(3);
    assertThat(buffer.size()).isEqualTo(1);
  }

  @Test
  void shouldReleasePartialBatchOnlyAfterLinger() {
    BatchBuffer<Integer> buffer = new BatchBuffer<>(100, 500);
    buffer.add("a", record(), 1_000);
    buffer.add("b", record(), 1_300);
    assertThat(buffer.drainLingering(1_499)).isEmpty();
    assertThat(buffer.nanosUntilNextLinger(1_499)).isEqualTo(1);
    List<Batch<Integer>> due = buffer.drainLingering(1_500);
    assertThat(due).extracting(Batch::table).containsExactly("a");
    assertThat(buffer.drainAll()).extracting(Batch::table).containsExactly("b");
    assertThat(buffer.size()).isZero();
    assertThat(buffer.nanosUntilNextLinger(2_000)).isEqualTo(-1);
  }
}
