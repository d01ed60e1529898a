package dev.tskafka.streams.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tskafka.streams.stats.RunningStats;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SeriesHistoryCodecTest {
  final Serde<SeriesHistory> serde = Codecs.seriesHistory();

  @Test
  void shouldReadBackTheTrackedValuesRecentJsonAndHourlyMoments() {
    SeriesHistory history = SeriesHistory.empty();
    history.append("cpu.mean", 1.5, 30);
    history.append("cpu.mean", 2.5, 30);
    history.recordWindow("{\"w\":1}");
    history.recordAnomaly("{\"a\":1}");
    RunningStats window = new RunningStats();
    window.add(10, 0);
    window.add(14, 1);
    history.hourly("cpu").add(0, window);

    SeriesHistory read =
        serde.deserializer().deserialize("", serde.serializer().serialize("", history));

    assertThat(read.of("cpu.mean")).isEqualTo(List.of(1.5, 2.5));
    assertThat(read.recentWindows()).containsExactly("{\"w\":1}");
    assertThat(read.recentAnomalies()).containsExactly("{\"a\":1}");
    assertThat(read.hourly().keySet()).containsExactly("cpu");
    assertThat(read.hourly("cpu").trailingDay(0)).isEqualTo(history.hourly("cpu").trailingDay(0));
  }

  @Test
  void shouldReadAHistoryStoredBeforeHourlyMomentsExisted() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(1); // the state format's version
    out.writeInt(1); // one tracked value
    out.writeUTF("cpu.mean");
    out.writeInt(1);
    out.writeDouble(3.0);
    out.writeInt(0); // no recent windows
    out.writeInt(0); // no recent anomalies

    SeriesHistory read = serde.deserializer().deserialize("", bytes.toByteArray());

    assertThat(read.of("cpu.mean")).isEqualTo(List.of(3.0));
    assertThat(read.hourly()).isEmpty();
  }
}
