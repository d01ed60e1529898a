package dev.tskafka.connector.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * A sink that only counts records: the ceiling that the worker, the consumer and the converter set
 * for any sink in the same worker. It writes its count to {@code count.file} at most every 50 ms
 * (and whenever {@code expected.records} is reached), so the benchmark can read it from outside.
 * Installed by {@link StockWorkerBenchmark} as a plugin directory of its own.
 */
public final class CountingSinkConnector extends SinkConnector {
  private Map<String, String> props;

  @Override
  public void start(Map<String, String> props) {
    this.props = props;
  }

  @Override
  public Class<? extends Task> taskClass() {
    return CountingTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return List.of(props);
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return new ConfigDef()
        .define("count.file", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "count file")
        .define("expected.records", ConfigDef.Type.LONG, 0L, ConfigDef.Importance.HIGH, "expected");
  }

  @Override
  public String version() {
    return "1";
  }

  /** Counts what put() gets. */
  public static final class CountingTask extends SinkTask {
    private Path file;
    private long expected;
    private long count;
    private long lastWrite;

    @Override
    public void start(Map<String, String> props) {
      file = Path.of(props.get("count.file"));
      expected = Long.parseLong(props.getOrDefault("expected.records", "0"));
    }

    @Override
    public void put(Collection<SinkRecord> records) {
      count += records.size();
      long now = System.nanoTime();
      if (now - lastWrite > 50_000_000L || (count >= expected && expected > 0)) {
        lastWrite = now;
        try {
          Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
          Files.writeString(tmp, Long.toString(count));
          Files.move(
              tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    @Override
    public void stop() {}

    @Override
    public String version() {
      return "1";
    }
  }
}
