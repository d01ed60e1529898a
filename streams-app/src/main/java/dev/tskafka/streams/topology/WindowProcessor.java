package dev.tskafka.streams.topology;

import dev.tskafka.streams.anomaly.Verdict;
import dev.tskafka.streams.config.PipelineConfig;
import dev.tskafka.streams.config.Statistic;
import dev.tskafka.streams.model.MeasureWindow;
import dev.tskafka.streams.model.Reading;
import dev.tskafka.streams.model.SeriesHistory;
import dev.tskafka.streams.model.WindowAggregate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Windowed aggregation per series, with its own window closing so that it can (1) send records that
 * arrive after their windows closed to the late topic instead of dropping them, (2) emit updates
 * with increasing versions, and (3) close the windows of a quiet task on wall-clock time.
 *
 * <p>Windows close when stream time (the highest event time this task has seen) passes their end
 * plus the grace period. When the task gets no input at all for {@code quietAfter}, stream time
 * advances with the wall clock from then on, so a series that goes quiet still gets its last window
 * within quietAfter + grace (+ one punctuation interval), while a replay of old data (which keeps
 * the task busy) is never cut short by the wall clock.
 *
 * <p>Stores: open windows keyed by zero-padded start then series (a range scan finds what to
 * close), per-series history of closed windows (z-score, change, moving average), and the stream
 * time, all changelogged.
 */
final class WindowProcessor implements Processor<String, Reading, String, Emitted> {
  static final String STREAM_TIME_KEY = "stream-time";
  private static final char SEPARATOR = '\u001e';

  private final PipelineConfig pipeline;
  private final String windowStoreName;
  private final String historyStoreName;
  private final String metaStoreName;
  private final long size;
  private final long advance;
  private final long grace;
  private ProcessorContext<String, Emitted> context;
  private KeyValueStore<String, WindowAggregate> windows;
  private KeyValueStore<String, SeriesHistory> history;
  private KeyValueStore<String, Long> meta;
  private long streamTime = Long.MIN_VALUE;
  private long lastInputWallClock;
  private long lastScannedBoundary = Long.MIN_VALUE;
  private long lastKeyedStart;
  private String lastPaddedStart; // with the separator
  private Sensor lateRecords;
  private Sensor windowsClosed;
  private Sensor anomalyCount;
  private Output output;

  /** The series history (HTTP queries) keeps JSON whatever the output format. */
  private final JsonOutput historyJson;

  WindowProcessor(
      PipelineConfig pipeline, String windowStore, String historyStore, String metaStore) {
    this.pipeline = pipeline;
    this.windowStoreName = windowStore;
    this.historyStoreName = historyStore;
    this.metaStoreName = metaStore;
    this.size = pipeline.size().toMillis();
    this.advance = pipeline.advance().toMillis();
    this.grace = pipeline.grace().toMillis();
    this.historyJson = new JsonOutput(pipeline);
  }

  @Override
  public void init(ProcessorContext<String, Emitted> context) {
    this.context = context;
    this.windows = context.getStateStore(windowStoreName);
    this.history = context.getStateStore(historyStoreName);
    this.meta = context.getStateStore(metaStoreName);
    // init runs again when a task is revived (e.g. corrupted under exactly-once and restored):
    // everything kept in fields must be derived from the stores again.
    Long stored = meta.get(STREAM_TIME_KEY);
    streamTime = stored == null ? Long.MIN_VALUE : stored;
    lastScannedBoundary = Long.MIN_VALUE;
    lastInputWallClock = context.currentSystemTimeMs();
    lateRecords = Metrics.counter(context.metrics(), pipeline, "late-records");
    windowsClosed = Metrics.counter(context.metrics(), pipeline, "windows-closed");
    anomalyCount = Metrics.counter(context.metrics(), pipeline, "anomalies");
    if (output == null) {
      output = Output.of(pipeline);
    }
    long interval = Math.max(100, Math.min(1_000, pipeline.quietAfter().toMillis() / 2));
    context.schedule(
        Duration.ofMillis(interval), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
  }

  @Override
  public void process(Record<String, Reading> record) {
    Reading reading = record.value();
    long t = reading.eventTime();
    lastInputWallClock = context.currentSystemTimeMs();
    advanceStreamTime(t);
    boolean accepted = false;
    for (long start = lastWindowStart(t); start > t - size; start -= advance) {
      long end = start + size;
      if (end + grace <= streamTime) {
        continue; // this window has closed
      }
      String key = windowKey(start, record.key());
      WindowAggregate agg = windows.get(key);
      if (agg == null) {
        agg = WindowAggregate.open(reading, start, end);
      }
      agg.add(reading);
      windows.put(key, agg);
      accepted = true;
      if (pipeline.emitUpdates()) {
        String topic = pipeline.outputTopic();
        emit(
            record.key(),
            topic,
            output.aggregate(topic, agg, agg.updates(), false, Map.of(), List.of()),
            start);
      }
    }
    if (!accepted) {
      lateRecords.record();
      String topic = pipeline.lateTopic();
      String reason = "every window of this record closed (grace " + pipeline.grace() + ")";
      emit(record.key(), topic, output.late(topic, reading, streamTime, reason), t);
    }
    closeWindowsUpTo(streamTime);
  }

  private void advanceStreamTime(long t) {
    if (t > streamTime) {
      streamTime = t;
      meta.put(STREAM_TIME_KEY, streamTime);
    }
  }

  private void onWallClock(long now) {
    long idle = now - lastInputWallClock;
    if (streamTime == Long.MIN_VALUE || idle < pipeline.quietAfter().toMillis()) {
      return;
    }
    // A quiet task: let stream time follow the wall clock for as long as it stays quiet.
    advanceStreamTime(streamTime + idle);
    lastInputWallClock = now;
    closeWindowsUpTo(streamTime);
  }

  /** The start of the latest window containing {@code t}. */
  private long lastWindowStart(long t) {
    return t - Math.floorMod(t, advance);
  }

  private void closeWindowsUpTo(long time) {
    if (time == Long.MIN_VALUE) {
      return;
    }
    long lastClosable = time - grace - size; // windows starting at or before this have closed
    // Window starts are multiples of the advance, so what can close only changes when this
    // boundary moves: scan the store then, not on every record.
    long boundary = Math.floorDiv(lastClosable, advance);
    if (boundary == lastScannedBoundary) {
      return;
    }
    lastScannedBoundary = boundary;
    List<KeyValue<String, WindowAggregate>> closing = new ArrayList<>();
    // Every key of a start sorts below that start followed by a character above the separator.
    try (KeyValueIterator<String, WindowAggregate> it =
        windows.range(paddedStart(Long.MIN_VALUE), paddedStart(lastClosable) + '\u001f')) {
      while (it.hasNext()) {
        closing.add(it.next());
      }
    }
    for (KeyValue<String, WindowAggregate> entry : closing) {
      emitFinal(seriesOf(entry.key), entry.value);
      windows.delete(entry.key);
    }
  }

  private void emitFinal(String series, WindowAggregate agg) {
    SeriesHistory stored = history.get(series);
    SeriesHistory past = stored == null ? SeriesHistory.empty() : stored;
    Map<String, Double> derived = new LinkedHashMap<>();
    Map<String, Double> tracked = new LinkedHashMap<>();
    for (Map.Entry<String, MeasureWindow> m : agg.measures().entrySet()) {
      String label = m.getKey() + ".mean";
      double mean = Statistic.MEAN.of(m.getValue());
      List<Double> before = past.of(label);
      if (!before.isEmpty()) {
        derived.put(m.getKey() + "_change", mean - before.get(before.size() - 1));
      }
      int k = Math.min(pipeline.movingAverageWindows() - 1, before.size());
      double total = mean;
      for (int i = before.size() - k; i < before.size(); i++) {
        total += before.get(i);
      }
      derived.put(m.getKey() + "_moving_avg", total / (k + 1));
      tracked.put(label, mean);
    }
    List<Verdict> anomalies =
        WindowJudge.anomalies(pipeline.rules(), agg.measures(), agg.start(), past, tracked);
    for (Verdict verdict : anomalies) {
      anomalyCount.record();
      String topic = pipeline.anomaliesTopic();
      byte[] anomaly = historyJson.anomaly(topic, agg, verdict);
      past.recordAnomaly(new String(anomaly, StandardCharsets.UTF_8));
      emit(
          series, topic, inOutputFormat(anomaly, o -> o.anomaly(topic, agg, verdict)), agg.start());
    }
    WindowJudge.remember(
        pipeline.rules(), agg.measures(), agg.start(), tracked, past, pipeline.historyWindows());
    // The final result outranks every update of the window: its version is one higher.
    long version = agg.updates() + 1;
    String topic = pipeline.outputTopic();
    byte[] result = historyJson.aggregate(topic, agg, version, true, derived, anomalies);
    past.recordWindow(new String(result, StandardCharsets.UTF_8));
    history.put(series, past);
    emit(
        series,
        topic,
        inOutputFormat(result, o -> o.aggregate(topic, agg, version, true, derived, anomalies)),
        agg.start());
    windowsClosed.record();
  }

  /** {@code json} when the output is JSON (already encoded for the history), else the output's. */
  private byte[] inOutputFormat(byte[] json, Function<Output, byte[]> encode) {
    return output instanceof JsonOutput ? json : encode.apply(output);
  }

  private void emit(String key, String topic, byte[] value, long timestamp) {
    context.forward(new Record<>(key, new Emitted(topic, value), timestamp));
  }

  @Override
  public void close() {
    if (output != null) {
      output.close();
      output = null;
    }
  }

  /**
   * Window store key: the start, sign-shifted and zero-padded so keys sort by time, then series.
   * The padded start of the previous record is reused: most records share it.
   */
  private String windowKey(long start, String series) {
    if (start != lastKeyedStart || lastPaddedStart == null) {
      lastKeyedStart = start;
      lastPaddedStart = paddedStart(start) + SEPARATOR;
    }
    return lastPaddedStart.concat(series);
  }

  private static String paddedStart(long start) {
    String unsigned = Long.toUnsignedString(start ^ Long.MIN_VALUE);
    return "0".repeat(20 - unsigned.length()) + unsigned;
  }

  static String seriesOf(String windowKey) {
    return windowKey.substring(windowKey.indexOf(SEPARATOR) + 1);
  }
}
