package dev.tskafka.streams.bench;

import dev.tskafka.kafkalocal.LocalKafkaBroker;
import dev.tskafka.streams.config.AppConfig;
import dev.tskafka.streams.model.Codecs;
import dev.tskafka.streams.model.Reading;
import dev.tskafka.streams.model.SeriesHistory;
import dev.tskafka.streams.model.WindowAggregate;
import dev.tskafka.streams.topology.TopologyFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Input records/s of the analytics app on a real broker: 10,000 series, one-minute windows with
 * percentiles, a threshold and a 3-sigma rule, exactly-once. Pre-produces the input, starts the app
 * in this JVM and times until its committed offsets reach the end of the input. Also prints the
 * state bytes of one series-window and of one series' history. Not a test (docs/benchmarks.md).
 *
 * <p>Arguments: {@code --records N} (default 2,000,000), {@code --series N} (10,000), {@code
 * --threads N} (2), {@code --live-windows N} (the app's state.live.windows, 20,000), {@code
 * --commit-interval-ms N} (the app's default is 1000: each commit serializes every open window
 * touched since the last one).
 */
public final class StreamsThroughputBenchmark {
  public static void main(String[] args) throws Exception {
    org.apache.logging.log4j.core.config.Configurator.setRootLevel(
        org.apache.logging.log4j.Level.WARN);
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int records = Integer.parseInt(opts.getOrDefault("records", "2000000"));
    int series = Integer.parseInt(opts.getOrDefault("series", "10000"));
    int threads = Integer.parseInt(opts.getOrDefault("threads", "2"));
    printStateSizes();
    printHeapPerSeries(10_000);
    printHeapPerSeries(100_000);

    Path stateDir = Files.createTempDirectory("streams-bench");
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(Map.of())) {
      broker.createTopic("bench.hosts", 4);
      produce(broker, records, series);
      Properties props = new Properties();
      props.put("application.id", "streams-bench");
      props.put("bootstrap.servers", broker.bootstrapServers());
      props.put("state.dir", stateDir.toString());
      props.put("num.stream.threads", Integer.toString(threads));
      props.put("replication.factor", "1");
      props.put("statestore.cache.max.bytes", Long.toString(256L * 1024 * 1024));
      if (opts.containsKey("live-windows")) {
        props.put("pipeline.hosts.state.live.windows", opts.get("live-windows"));
      }
      if (opts.containsKey("commit-interval-ms")) {
        props.put("commit.interval.ms", opts.get("commit-interval-ms"));
      }
      props.put("pipelines", "hosts");
      props.put("pipeline.hosts.input.topics", "bench.hosts");
      props.put("pipeline.hosts.input.partitioned.by.series", "true");
      props.put("pipeline.hosts.dimensions", "hostname,region");
      props.put("pipeline.hosts.measures", "cpu_percent");
      props.put("pipeline.hosts.time.field", "timestamp");
      props.put("pipeline.hosts.window.size", "1m");
      props.put("pipeline.hosts.window.grace", "10s");
      props.put("pipeline.hosts.rules", "cpu_percent.max:above:90,cpu_percent.p99:zscore:3:5");
      AppConfig config = AppConfig.from(props);
      long started = System.nanoTime();
      try (KafkaStreams streams =
              new KafkaStreams(TopologyFactory.build(config), config.streams());
          Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        streams.start();
        Map<TopicPartition, Long> ends = endOffsets(admin);
        long firstProgress = 0;
        long doneAtFirst = 0;
        while (true) {
          long done = committed(admin, ends.keySet());
          if (firstProgress == 0 && done > 0) {
            firstProgress = System.nanoTime();
            doneAtFirst = done; // those records took start-up time too: not counted below
          }
          if (done >= records) {
            break;
          }
          Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double steady = (System.nanoTime() - firstProgress) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "%,d records, %,d series, %d stream threads, commit every %s ms: %.1f s, %,.0f"
                + " records/s (after the first commit: %,.0f records/s)%n",
            records,
            series,
            threads,
            config.streams().get("commit.interval.ms"),
            seconds,
            records / seconds,
            (records - doneAtFirst) / steady);
      }
    }
  }

  private static void produce(LocalKafkaBroker broker, int records, int series) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
    long t0 = 1_672_531_200_000L;
    Random random = new Random(1);
    long started = System.nanoTime();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (int i = 0; i < records; i++) {
        int s = i % series;
        long time = t0 + (i / series) * 1_000L; // every series reports once per second
        producer.send(
            new ProducerRecord<>(
                "bench.hosts",
                "host-" + s,
                String.format(
                    Locale.ROOT,
                    "{\"hostname\":\"host-%d\",\"region\":\"r%d\",\"cpu_percent\":%.2f,\"timestamp\":%d}",
                    s,
                    s % 4,
                    30 + random.nextGaussian() * 10,
                    time)));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "produced %,d records in %.1f s%n",
        records,
        (System.nanoTime() - started) / 1e9);
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      request.put(new TopicPartition("bench.hosts", i), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> out = new HashMap<>();
    admin.listOffsets(request).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  private static long committed(Admin admin, java.util.Set<TopicPartition> partitions)
      throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets("streams-bench").partitionsToOffsetAndMetadata().get();
    long total = 0;
    for (TopicPartition tp : partitions) {
      OffsetAndMetadata o = offsets.get(tp);
      total += o == null ? 0 : o.offset();
    }
    return total;
  }

  /** Serialized state of one series-window (60 readings) and of one series' history. */
  private static void printStateSizes() {
    Random random = new Random(2);
    WindowAggregate agg = sampleWindow("host-1234", "r2", random);
    int windowBytes = Codecs.windowAggregate().serializer().serialize("", agg).length;
    SeriesHistory history = sampleHistory("", random);
    int historyBytes = Codecs.seriesHistory().serializer().serialize("", history).length;
    System.out.printf(
        Locale.ROOT,
        "state: %,d bytes per series-window (1 measure, 60 values, with its sketch); %,d bytes per"
            + " series history (30 windows of 3 values, 10 recent windows)%n",
        windowBytes,
        historyBytes);
  }

  /**
   * Live heap (after a full GC) of {@code n} open series-windows as the window store keeps them (1
   * measure, 60 readings, its sketch) and of {@code n} series histories as the history store's
   * cache holds them: what {@code state.live.windows} (and {@code statestore.cache.max.bytes})
   * bound.
   */
  private static void printHeapPerSeries(int n) {
    Random random = new Random(3);
    List<Object> kept = new ArrayList<>(n);
    long before = usedHeapAfterGc();
    for (int s = 0; s < n; s++) {
      kept.add(sampleWindow("host-" + s, "r" + (s % 8), random));
    }
    long windows = usedHeapAfterGc() - before;
    for (int s = 0; s < n; s++) {
      kept.add(sampleHistory(Integer.toString(s), random));
    }
    long histories = usedHeapAfterGc() - before - windows;
    System.out.printf(
        Locale.ROOT,
        "heap, %,d series: %,d bytes per open series-window, %,d bytes per series history"
            + " (%,d MB and %,d MB in all)%n",
        n,
        windows / n,
        histories / n,
        windows >> 20,
        histories >> 20);
    kept.clear();
  }

  /** One series' one-minute window: 60 CPU readings of one measure, with its sketch. */
  private static WindowAggregate sampleWindow(String hostname, String region, Random random) {
    LinkedHashMap<String, String> dims = new LinkedHashMap<>();
    dims.put("hostname", hostname);
    dims.put("region", region);
    WindowAggregate agg = null;
    for (int i = 0; i < 60; i++) {
      Reading r =
          new Reading(dims, Map.of("cpu_percent", 30 + random.nextGaussian() * 10), i * 1_000L);
      if (agg == null) {
        agg = WindowAggregate.open(r, 0, 60_000);
      }
      agg.add(r);
    }
    return agg;
  }

  /**
   * One series' history: 30 windows of 3 tracked values, and its 10 most recent final windows as
   * JSON of ~600 bytes each ({@code prefix} + 600 characters, a string of its own per window).
   */
  private static SeriesHistory sampleHistory(String prefix, Random random) {
    SeriesHistory history = SeriesHistory.empty();
    for (int i = 0; i < 30; i++) {
      history.append("cpu_percent.mean", random.nextDouble(), 30);
      history.append("cpu_percent.p99", random.nextDouble(), 30);
      history.append("cpu_percent.max", random.nextDouble(), 30);
    }
    for (int i = 0; i < SeriesHistory.RECENT; i++) {
      history.recordWindow(prefix + "x".repeat(600));
    }
    return history;
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private StreamsThroughputBenchmark() {}
}
