package dev.tskafka.connector.bench;

import dev.tskafka.kafkalocal.PluginZip;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The connector in the worker users run: a Kafka broker, a stock Connect distributed worker ({@code
 * ConnectDistributed}, the heap and GC flags of {@code bin/kafka-run-class.sh}, the default {@code
 * offset.flush.interval.ms} of 60 s, the plugin loaded from the zip) and timestream-local, each in
 * its own JVM. In one run it streams the same pre-produced records through a sink that only counts
 * them (the ceiling any sink in that worker shares), then through the Timestream sink at 0 ms and
 * at 20 ms per WriteRecords call, and prints records/s, the ratio to the ceiling, the worker's CPU
 * per record and its live heap after a full GC, right after the last record and again after the
 * next offset commit. Not a test: docs/benchmarks.md has the command and the figures.
 *
 * <pre>
 * mvn -B -q -pl connector -am install -DskipTests -DskipITs
 * mvn -B -q -pl connector dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/bench.cp
 * java -cp connector/target/test-classes:$(cat /tmp/bench.cp) \
 *   dev.tskafka.connector.bench.StockWorkerBenchmark   # --records N --warmup-records N --latencies 0,20 --jfr
 * </pre>
 */
public final class StockWorkerBenchmark {
  static final List<String> WORKER_JVM =
      List.of(
          "-Xms256m",
          "-Xmx2g",
          "-XX:+UseG1GC",
          "-XX:MaxGCPauseMillis=20",
          "-XX:InitiatingHeapOccupancyPercent=35",
          "-XX:+ExplicitGCInvokesConcurrent",
          "-XX:MaxInlineLevel=15",
          "-Djava.awt.headless=true");
  static final String DATABASE = "bench";
  static final String TIMESTREAM_SINK = "dev.tskafka.connector.TimestreamSinkConnector";
  static final String COUNTING_SINK = CountingSinkConnector.class.getName();
  static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

  private final Map<String, String> opts;
  private final Path work;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> children = new ArrayList<>();
  private String bootstrap;
  private URI timestream;
  private URI connect;
  private Process broker;
  private Process endpoint;
  private Process worker;
  private javax.management.remote.JMXServiceURL jmx;

  StockWorkerBenchmark(Map<String, String> opts) {
    this.opts = opts;
    this.work = Path.of(opts.getOrDefault("work-dir", "connector/target/stock-worker-bench"));
  }

  public static void main(String[] args) throws Exception {
    // Keep this JVM's producer and admin client INFO lines out of the figures.
    org.apache.logging.log4j.core.config.Configurator.setRootLevel(
        org.apache.logging.log4j.Level.WARN);
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String key = args[i].replaceFirst("^--", "");
      boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
      opts.put(key, flag ? "true" : args[++i]);
    }
    StockWorkerBenchmark bench = new StockWorkerBenchmark(opts);
    Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
    try {
      bench.run();
    } finally {
      bench.stopAll();
    }
  }

  void run() throws Exception {
    int records = Integer.parseInt(opts.getOrDefault("records", "1000000"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup-records", "300000"));
    List<Long> latencies = new ArrayList<>();
    for (String l : opts.getOrDefault("latencies", "0,20").split(",")) {
      latencies.add(Long.parseLong(l.trim()));
    }
    org.apache.kafka.common.utils.Utils.delete(work.toFile());
    Files.createDirectories(work);
    Path plugins = work.resolve("plugins");
    PluginZip.unpack(findZip(), plugins.resolve("timestream"));
    writeCountingSinkPlugin(plugins.resolve("counting"));

    String classpath = System.getProperty("java.class.path");
    broker =
        start(
            "broker",
            List.of("-Xms1g", "-Xmx1g"),
            classpath,
            "dev.tskafka.kafkalocal.LocalKafkaStackMain",
            List.of("--no-connect"));
    bootstrap = awaitLine(broker, "broker", Pattern.compile("kafka-local ready bootstrap=(\\S+)"));
    endpoint =
        start(
            "timestream-local",
            List.of("-Xms3g", "-Xmx3g", "-XX:+UseParallelGC", "-Dsun.net.httpserver.nodelay=true"),
            classpath,
            "dev.tskafka.local.TimestreamLocalMain",
            List.of("--port", "0"));
    timestream =
        URI.create(
            awaitLine(
                endpoint,
                "timestream-local",
                Pattern.compile("timestream-local ready endpoint=(\\S+)")));

    String topic = "bench-readings";
    String warmupTopic = "bench-warmup";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin
          .createTopics(
              List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(warmupTopic, 1, (short) 1)))
          .all()
          .get();
    }
    long base = System.currentTimeMillis() - 3_600_000L;
    produce(topic, records, base);
    produce(warmupTopic, warmup, base);

    worker = startWorker(plugins);
    System.out.printf(
        Locale.ROOT,
        "%nStock worker: %s, offset.flush.interval.ms default (60000); %,d records of ~120 bytes on"
            + " one partition; load average before: %s%n%n",
        String.join(" ", WORKER_JVM),
        records,
        loadAverage());

    List<Run> runs = new ArrayList<>();
    if (warmup > 0) {
      // The JIT compiles converter, mapper, writer and client during the first few hundred
      // thousand records: keep that out of the figures.
      measure("warm-up", TIMESTREAM_SINK, warmupTopic, warmup, 0, false);
    }
    if (!opts.containsKey("skip-ceiling")) {
      runs.add(measure("counting sink (ceiling)", COUNTING_SINK, topic, records, 0, true));
    }
    for (long latency : latencies) {
      runs.add(
          measure(
              "timestream sink, " + latency + " ms",
              TIMESTREAM_SINK,
              topic,
              records,
              latency,
              true));
    }
    print(runs);
  }

  record Run(
      String name,
      int records,
      double seconds,
      double fromFirstSeconds,
      double workerCpuMicrosPerRecord,
      double endpointCpuMicrosPerRecord,
      double brokerCpuMicrosPerRecord,
      long liveHeapBeforeCommit,
      boolean committedBeforeFirstHeap,
      long liveHeapAfterCommit) {}

  private Run measure(
      String name, String connectorClass, String topic, int count, long latencyMs, boolean heap)
      throws Exception {
    post(timestream.resolve("/_local/reset"), "");
    put(timestream.resolve("/_local/faults"), "{\"latencyMs\":" + latencyMs + "}");
    String connector = "bench-" + name.replaceAll("[^a-z0-9]+", "-");
    String table = connector.replace('-', '_');
    Path countFile = work.resolve(connector + ".count");
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", connectorClass);
    config.put("tasks.max", "1");
    config.put("topics", topic);
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter.schemas.enable", "false");
    if (connectorClass.equals(COUNTING_SINK)) {
      config.put("count.file", countFile.toAbsolutePath().toString());
      config.put("expected.records", Integer.toString(count));
    } else {
      config.put("timestream.endpoint", timestream.toString());
      config.put("timestream.region", "us-east-1");
      config.put("timestream.credentials.provider", "STATIC");
      config.put("timestream.aws.access.key.id", "bench");
      config.put("timestream.aws.secret.access.key", "bench");
      config.put("timestream.database", DATABASE);
      config.put("timestream.table", table);
      config.put("timestream.table.auto.create", "true");
      config.put("timestream.dimensions", "device_id,location");
      config.put("timestream.time.field", "timestamp");
      for (String kv : opts.getOrDefault("connector-config", "").split(",")) {
        if (kv.contains("=")) {
          config.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
      }
    }
    long workerCpu = cpuNanos(worker);
    long endpointCpu = cpuNanos(endpoint);
    long brokerCpu = cpuNanos(broker);
    long started = System.nanoTime();
    put(connect.resolve("/connectors/" + connector + "/config"), json(config));
    long firstRow = 0;
    long deadline = started + TimeUnit.MINUTES.toNanos(10);
    while (true) {
      long done = connectorClass.equals(COUNTING_SINK) ? readCount(countFile) : rowCount(table);
      if (firstRow == 0 && done > 0) {
        firstRow = System.nanoTime();
      }
      if (done >= count) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + ": only " + done + " of " + count + " after 10 min");
      }
      Thread.sleep(20);
    }
    long finished = System.nanoTime();
    String taskMetrics = connectorClass.equals(COUNTING_SINK) ? "" : taskMetrics(connector);
    double workerMicros = (cpuNanos(worker) - workerCpu) / 1_000.0 / count;
    double endpointMicros = (cpuNanos(endpoint) - endpointCpu) / 1_000.0 / count;
    double brokerMicros = (cpuNanos(broker) - brokerCpu) / 1_000.0 / count;
    long before = -1;
    long after = -1;
    boolean committedEarly = false;
    if (heap) {
      committedEarly = committed(connector, topic) >= count;
      before = liveHeap(worker);
      awaitCommitted(connector, topic, count);
      after = liveHeap(worker);
    }
    delete(connect.resolve("/connectors/" + connector));
    Run run =
        new Run(
            name,
            count,
            (finished - started) / 1e9,
            (finished - firstRow) / 1e9,
            workerMicros,
            endpointMicros,
            brokerMicros,
            before,
            committedEarly,
            after);
    System.out.printf(
        Locale.ROOT, "  %s: %,.0f records/s %s%n", name, count / run.seconds(), taskMetrics);
    return run;
  }

  private static void print(List<Run> runs) {
    double ceiling =
        runs.stream()
            .filter(r -> r.name().startsWith("counting"))
            .mapToDouble(r -> r.records() / r.seconds())
            .findFirst()
            .orElse(Double.NaN);
    System.out.printf(
        Locale.ROOT,
        "%n| sink | records | s | records/s | from first record | × ceiling | worker CPU µs/record |"
            + " endpoint CPU µs/record | broker CPU µs/record | worker live heap after last record |"
            + " after the next commit |%n|---|---|---|---|---|---|---|---|---|---|---|%n");
    for (Run r : runs) {
      double rate = r.records() / r.seconds();
      System.out.printf(
          Locale.ROOT,
          "| %s | %,d | %.1f | %,.0f | %,.0f | %.2f | %.1f | %.1f | %.1f | %s%s | %s |%n",
          r.name(),
          r.records(),
          r.seconds(),
          rate,
          r.records() / r.fromFirstSeconds(),
          rate / ceiling,
          r.workerCpuMicrosPerRecord(),
          r.endpointCpuMicrosPerRecord(),
          r.brokerCpuMicrosPerRecord(),
          mb(r.liveHeapBeforeCommit()),
          r.committedBeforeFirstHeap() ? " (already committed)" : "",
          mb(r.liveHeapAfterCommit()));
    }
  }

  private static String mb(long bytes) {
    return bytes < 0 ? "—" : String.format(Locale.ROOT, "%.0f MB", bytes / 1048576.0);
  }

  // --- processes

  private Process startWorker(Path plugins) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", "stock-worker-bench");
    p.put("config.storage.topic", "bench-connect-configs");
    p.put("offset.storage.topic", "bench-connect-offsets");
    p.put("status.storage.topic", "bench-connect-status");
    p.put("config.storage.replication.factor", "1");
    p.put("offset.storage.replication.factor", "1");
    p.put("status.storage.replication.factor", "1");
    p.put("offset.storage.partitions", "1");
    p.put("status.storage.partitions", "1");
    p.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    p.put("listeners", "http://127.0.0.1:" + port);
    p.put("rest.advertised.host.name", "127.0.0.1");
    p.put(
        "plugin.path",
        plugins.resolve("timestream").toAbsolutePath()
            + ","
            + plugins.resolve("counting").toAbsolutePath());
    p.put("plugin.discovery", "service_load");
    Path props = work.resolve("worker.properties");
    try (OutputStream out = Files.newOutputStream(props)) {
      p.store(out, "stock Connect worker for StockWorkerBenchmark");
    }
    Path log4j = work.resolve("worker-log4j2.properties");
    Files.writeString(
        log4j,
        "rootLogger.level=WARN\nrootLogger.appenderRef.f.ref=F\nappender.f.type=File\n"
            + "appender.f.name=F\nappender.f.fileName="
            + work.resolve("worker.log").toAbsolutePath()
            + "\nappender.f.layout.type=PatternLayout\n"
            + "appender.f.layout.pattern=%d %p [%t] %c - %m%n\n");
    int jmxPort;
    try (ServerSocket s = new ServerSocket(0)) {
      jmxPort = s.getLocalPort();
    }
    List<String> jvm = new ArrayList<>(WORKER_JVM);
    // As KAFKA_JMX_OPTS would: the task's own metrics (write latency, batch size) are read here.
    jvm.addAll(
        List.of(
            "-Dcom.sun.management.jmxremote.port=" + jmxPort,
            "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
            "-Dcom.sun.management.jmxremote.host=127.0.0.1",
            "-Djava.rmi.server.hostname=127.0.0.1",
            "-Dcom.sun.management.jmxremote.authenticate=false",
            "-Dcom.sun.management.jmxremote.ssl=false"));
    jmx =
        new javax.management.remote.JMXServiceURL(
            "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
    jvm.add("-Dlog4j2.configurationFile=" + log4j.toAbsolutePath());
    if (opts.containsKey("jfr")) {
      jvm.add(
          "-XX:StartFlightRecording=settings=profile,filename="
              + work.resolve("worker.jfr").toAbsolutePath());
    }
    // The worker's classpath is Kafka's (and the other test dependencies), never the connector's
    // classes: the worker loads those from plugin.path only.
    String testClasses = Path.of("connector/target/test-classes").toAbsolutePath().toString();
    String workerClasspath =
        List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)).stream()
            .filter(e -> !Path.of(e).toAbsolutePath().toString().equals(testClasses))
            .collect(Collectors.joining(java.io.File.pathSeparator));
    Process process =
        start(
            "worker",
            jvm,
            workerClasspath,
            "org.apache.kafka.connect.cli.ConnectDistributed",
            List.of(props.toAbsolutePath().toString()));
    connect = URI.create("http://127.0.0.1:" + port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      try {
        String plugins0 = get(connect.resolve("/connector-plugins"));
        if (plugins0.contains(TIMESTREAM_SINK) && plugins0.contains(COUNTING_SINK)) {
          return process;
        }
      } catch (IOException | RuntimeException notYet) {
        // starting
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the Connect worker did not start; see " + work);
      }
      Thread.sleep(200);
    }
  }

  private Process start(
      String name, List<String> jvm, String classpath, String mainClass, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    Process process =
        new ProcessBuilder(command).redirectError(work.resolve(name + ".err").toFile()).start();
    children.add(process);
    return process;
  }

  /** Waits for the child's ready line and returns its first group; the rest goes to a file. */
  private String awaitLine(Process process, String name, Pattern ready) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> found = new CompletableFuture<>();
    Thread drain =
        new Thread(
            () -> {
              try (var file = Files.newBufferedWriter(work.resolve(name + ".out"))) {
                for (String line; (line = out.readLine()) != null; ) {
                  file.write(line);
                  file.newLine();
                  file.flush();
                  Matcher m = ready.matcher(line);
                  if (m.find()) {
                    found.complete(m.group(1));
                  }
                }
              } catch (IOException e) {
                found.completeExceptionally(e);
              }
              found.completeExceptionally(new IllegalStateException(name + " exited; see " + work));
            },
            name + "-stdout");
    drain.setDaemon(true);
    drain.start();
    return found.get(120, TimeUnit.SECONDS);
  }

  void stopAll() {
    for (Process p : children) {
      p.destroy();
    }
    for (Process p : children) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
    children.clear();
  }

  /** The task's write latency and batch size, read over JMX from the worker. */
  private String taskMetrics(String connector) {
    try (var connector0 = javax.management.remote.JMXConnectorFactory.connect(jmx)) {
      var server = connector0.getMBeanServerConnection();
      var name =
          new javax.management.ObjectName(
              "kafka.connect:type=plugins,connector=" + connector + ",task=0");
      return String.format(
          Locale.ROOT,
          "(task: write latency avg %.1f ms, max %.1f ms; batch avg %.1f)",
          ((Number) server.getAttribute(name, "write-latency-avg")).doubleValue(),
          ((Number) server.getAttribute(name, "write-latency-max")).doubleValue(),
          ((Number) server.getAttribute(name, "batch-size-avg")).doubleValue());
    } catch (Exception e) {
      return "(task metrics unavailable: " + e + ")";
    }
  }

  /** User plus system CPU of a child, from /proc (Linux; clock ticks of 10 ms). */
  private static long cpuNanos(Process p) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
  }

  /** The live heap after a full GC: jcmd's class histogram, which collects first. */
  private static long liveHeap(Process p) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process run =
        new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    run.waitFor(60, TimeUnit.SECONDS);
    Matcher m = HISTOGRAM_TOTAL.matcher(out);
    long total = -1;
    while (m.find()) {
      total = Long.parseLong(m.group(2));
    }
    return total;
  }

  // --- Kafka

  private void produce(String topic, int count, long baseMs) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        String device = String.format(Locale.ROOT, "sensor_%04d", i % 1000);
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
  }

  private long committed(String connector, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      var offsets =
          admin
              .listConsumerGroupOffsets("connect-" + connector)
              .partitionsToOffsetAndMetadata()
              .get();
      var o = offsets.get(new TopicPartition(topic, 0));
      return o == null ? -1 : o.offset();
    }
  }

  private void awaitCommitted(String connector, String topic, long offset) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    while (committed(connector, topic) < offset) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(connector + ": offsets not committed in 150 s");
      }
      Thread.sleep(500);
    }
  }

  // --- HTTP

  private long rowCount(String table) throws Exception {
    String body = get(timestream.resolve("/_local/databases"));
    Matcher m =
        Pattern.compile(
                "\"name\"\\s*:\\s*\""
                    + Pattern.quote(table)
                    + "\"\\s*,\\s*\"rowCount\"\\s*:\\s*(\\d+)")
            .matcher(body);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static long readCount(Path file) throws IOException {
    try {
      return Long.parseLong(Files.readString(file).trim());
    } catch (java.nio.file.NoSuchFileException | NumberFormatException e) {
      return 0;
    }
  }

  private String get(URI uri) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri).GET().build());
  }

  private void put(URI uri, String body) throws IOException, InterruptedException {
    send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private void post(URI uri, String body) throws IOException, InterruptedException {
    send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private void delete(URI uri) throws IOException, InterruptedException {
    send(HttpRequest.newBuilder(uri).DELETE().build());
  }

  private String send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IOException(
          request.uri() + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static String json(Map<String, String> config) {
    return config.entrySet().stream()
        .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue().replace("\\", "\\\\") + "\"")
        .collect(Collectors.joining(",", "{", "}"));
  }

  // --- files

  private static Path findZip() throws IOException {
    try (var files = Files.list(Path.of("connector/target"))) {
      return files
          .filter(f -> f.getFileName().toString().matches("timestream-kafka-connector-.*\\.zip"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("build the plugin zip first (mvn package)"));
    }
  }

  /** The counting sink as a plugin of its own: its classes and a ServiceLoader entry in one jar. */
  private static void writeCountingSinkPlugin(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path classes = Path.of("connector/target/test-classes");
    String base = CountingSinkConnector.class.getName().replace('.', '/');
    try (JarOutputStream jar =
        new JarOutputStream(Files.newOutputStream(dir.resolve("counting-sink.jar")))) {
      for (String name : List.of(base + ".class", base + "$CountingTask.class")) {
        jar.putNextEntry(new JarEntry(name));
        jar.write(Files.readAllBytes(classes.resolve(name)));
        jar.closeEntry();
      }
      jar.putNextEntry(
          new JarEntry("META-INF/services/org.apache.kafka.connect.sink.SinkConnector"));
      jar.write((CountingSinkConnector.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
