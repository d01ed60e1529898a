package dev.tskafka.connector.bench;

import dev.tskafka.kafkalocal.LocalKafkaStack;
import dev.tskafka.kafkalocal.PluginZip;
import dev.tskafka.local.TimestreamLocal;
import dev.tskafka.local.faults.FaultSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Streams pre-produced JSON records through one connector task into timestream-local and prints
 * records/s, for added latencies per call and for the default settings versus one call in flight.
 * Not a test: run it on a quiet machine (docs/benchmarks.md has the command).
 *
 * <p>Arguments: {@code --records N} (default 1,000,000), {@code --single-flight-records N} (default
 * 200,000: one call in flight at 20 ms needs ~4 min for a million), {@code --latencies 0,20},
 * {@code --warmup-records N} (default 500,000, streamed first and not reported).
 */
public final class ConnectorThroughputBenchmark {
  private static final String DATABASE = "bench";

  public static void main(String[] args) throws Exception {
    // Keep the broker's and worker's INFO lines out of the figures.
    org.apache.logging.log4j.core.config.Configurator.setRootLevel(
        org.apache.logging.log4j.Level.WARN);
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int records = Integer.parseInt(opts.getOrDefault("records", "1000000"));
    int singleFlightRecords =
        Integer.parseInt(opts.getOrDefault("single-flight-records", "200000"));
    int warmupRecords = Integer.parseInt(opts.getOrDefault("warmup-records", "500000"));
    List<Long> latencies = new ArrayList<>();
    for (String l : opts.getOrDefault("latencies", "0,20").split(",")) {
      latencies.add(Long.parseLong(l.trim()));
    }
    Path zip = Path.of(opts.getOrDefault("plugin-zip", findZip()));
    Path plugins = PluginZip.unpack(zip, zip.resolveSibling("bench-plugins"));

    try (TimestreamLocal timestream = TimestreamLocal.builder().port(0).start();
        LocalKafkaStack kafka =
            LocalKafkaStack.builder().withConnect(true).pluginPath(List.of(plugins)).start()) {
      String bigTopic = "bench-readings";
      String smallTopic = "bench-readings-small";
      kafka.broker().createTopic(bigTopic, 4);
      kafka.broker().createTopic(smallTopic, 4);
      long base = System.currentTimeMillis() - 3_600_000L;
      produce(kafka, bigTopic, records, base);
      produce(kafka, smallTopic, singleFlightRecords, base);
      if (warmupRecords > 0) {
        // The JIT compiles the whole path (converter, mapper, SDK, broker, timestream-local)
        // during the first few hundred thousand records: keep that out of the figures.
        String warmupTopic = "bench-warmup";
        kafka.broker().createTopic(warmupTopic, 4);
        produce(kafka, warmupTopic, warmupRecords, base);
        measure(kafka, timestream, warmupTopic, "warmup", warmupRecords, false, 0);
      }

      System.out.printf(
          Locale.ROOT,
          "%-10s %-22s %10s %12s %14s%n",
          "latency",
          "settings",
          "records",
          "seconds",
          "records/s");
      int run = 0;
      for (long latency : latencies) {
        for (boolean singleFlight : new boolean[] {false, true}) {
          String topic = singleFlight ? smallTopic : bigTopic;
          int count = singleFlight ? singleFlightRecords : records;
          timestream.faults().settings(new FaultSettings(latency, 0, 0, 0));
          Result r =
              measure(kafka, timestream, topic, "run" + (++run), count, singleFlight, latency);
          System.out.printf(
              Locale.ROOT,
              "%-10s %-22s %,10d %12.1f %,14.0f   (from first row: %,.0f records/s; %.2f cores"
                  + " busy; %s)%n",
              latency + " ms",
              singleFlight ? "max.in.flight=1" : "defaults (32 in flight)",
              count,
              r.seconds(),
              count / r.seconds(),
              count / r.steadySeconds(),
              r.cores(),
              r.taskMetrics());
        }
      }
    }
  }

  record Result(double seconds, double steadySeconds, double cores, String taskMetrics) {}

  private static Result measure(
      LocalKafkaStack kafka,
      TimestreamLocal timestream,
      String topic,
      String table,
      int count,
      boolean singleFlight,
      long latency)
      throws InterruptedException {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "dev.tskafka.connector.TimestreamSinkConnector");
    config.put("tasks.max", "1");
    config.put("topics", topic);
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter.schemas.enable", "false");
    config.put("timestream.endpoint", timestream.endpoint().toString());
    config.put("timestream.credentials.provider", "STATIC");
    config.put("timestream.aws.access.key.id", "bench");
    config.put("timestream.aws.secret.access.key", "bench");
    config.put("timestream.database", DATABASE);
    config.put("timestream.table", table);
    config.put("timestream.table.auto.create", "true");
    config.put("timestream.dimensions", "device_id,location");
    config.put("timestream.time.field", "timestamp");
    if (singleFlight) {
      config.put("timestream.max.in.flight", "1");
    }
    String name = "bench-" + table;
    long started = System.nanoTime();
    long cpuStarted = processCpuNanos();
    kafka.connect().rest().createOrUpdateConnector(name, config);
    long firstRow = 0;
    int polls = 0;
    while (rowCount(timestream, table) < count) {
      if (firstRow == 0 && rowCount(timestream, table) > 0) {
        firstRow = System.nanoTime();
      }
      Thread.sleep(20);
      if (++polls % 50 == 0 && kafka.connect().rest().connectorStatus(name).hasFailed()) {
        throw new IllegalStateException(
            "connector failed: " + kafka.connect().rest().connectorStatus(name));
      }
    }
    long done = System.nanoTime();
    double cores = (processCpuNanos() - cpuStarted) / (double) (done - started);
    String taskMetrics = taskMetrics(name);
    kafka.connect().rest().deleteConnector(name);
    return new Result(
        (done - started) / 1e9,
        (done - (firstRow == 0 ? started : firstRow)) / 1e9,
        cores,
        taskMetrics);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The task's own figures from its JMX metrics: write latency and batch size. */
  private static String taskMetrics(String connector) {
    try {
      javax.management.MBeanServer jmx =
          java.lang.management.ManagementFactory.getPlatformMBeanServer();
      javax.management.ObjectName task =
          new javax.management.ObjectName(
              "kafka.connect:type=plugins,connector=" + connector + ",task=0");
      return String.format(
          Locale.ROOT,
          "write latency avg %.1f ms, batch avg %.1f",
          ((Number) jmx.getAttribute(task, "write-latency-avg")).doubleValue(),
          ((Number) jmx.getAttribute(task, "batch-size-avg")).doubleValue());
    } catch (Exception e) {
      return "task metrics unavailable: " + e;
    }
  }

  private static long rowCount(TimestreamLocal timestream, String table) {
    try {
      return timestream.catalog().table(DATABASE, table).rowCount();
    } catch (RuntimeException notYetCreated) {
      return 0;
    }
  }

  private static String findZip() {
    return "connector/target/timestream-kafka-connector-0.1.0-SNAPSHOT.zip";
  }

  private static void produce(LocalKafkaStack kafka, String topic, int count, long baseMs) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker().bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
    long started = System.nanoTime();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (int i = 0; i < count; i++) {
        String device = "sensor_" + (i % 1000);
        producer.send(
            new ProducerRecord<>(
                topic,
                device,
                String.format(
                    Locale.ROOT,
                    "{\"device_id\":\"%s\",\"location\":\"warehouse_%d\",\"temperature\":%.2f,"
                        + "\"humidity\":%d,\"timestamp\":%d}",
                    device,
                    i % 7,
                    20 + (i % 100) * 0.1,
                    40 + i % 50,
                    baseMs + i / 1000)));
      }
      producer.flush();
    }
    System.out.printf(
        Locale.ROOT,
        "produced %,d records to %s in %.1f s%n",
        count,
        topic,
        (System.nanoTime() - started) / 1e9);
  }
}
