package dev.tskafka.connector.bench;

import dev.tskafka.connector.aws.LocalhostCertificate;
import dev.tskafka.kafkalocal.ChildJvm;
import dev.tskafka.kafkalocal.LocalConnectWorker;
import dev.tskafka.kafkalocal.PluginZip;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * offset.flush.interval.ms} of 60 s, the plugin loaded from the zip) and a Timestream endpoint,
 * each in its own JVM. The endpoint answers at once and only counts records ({@link
 * AnsweringEndpoint}); {@code --endpoint timestream-local} runs timestream-local instead, which
 * checks and stores every record on the same cores as the worker. In one run it streams the same
 * pre-produced records through a sink that only counts them (the ceiling any sink in that worker
 * shares), then through the Timestream sink at 0 ms and at 20 ms per WriteRecords call, and prints
 * records/s, the ratio to the ceiling, the worker's CPU per record and its live heap after a full
 * GC, right after the last record and again after the next offset commit. Not a test:
 * docs/benchmarks.md has the command and the figures.
 *
 * <pre>
 * mvn -B -q -pl connector -am install -DskipTests -DskipITs
 * mvn -B -q -pl connector dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/bench.cp
 * java -cp connector/target/test-classes:$(cat /tmp/bench.cp) \
 *   dev.tskafka.connector.bench.StockWorkerBenchmark   # --records N --warmup-records N --latencies 0,20 --rounds N --jfr
 *                                                      # --consumer-config k=v,... (every sink)
 *                                                      # --endpoint answering|timestream-local
 *                                                      # --tls (WriteRecords over TLS, answering only)
 *                                                      # --plugin-zip PATH (default: the built one)
 *                                                      # --worker-jvm-flags "-XX:+PrintCompilation ..." (diagnostics)
 * </pre>
 */
public final class StockWorkerBenchmark {
  static final String DATABASE = "bench";
  static final String TIMESTREAM_SINK = "dev.tskafka.connector.TimestreamSinkConnector";
  static final String COUNTING_SINK = CountingSinkConnector.class.getName();
  static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

  private final Map<String, String> opts;
  private final Path work;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<ChildJvm> children = new ArrayList<>();
  private String bootstrap;
  private URI timestream;
  private URI writeEndpoint;
  private List<String> workerTrust = List.of();
  private static final String TLS_PASSWORD = "changeit";
  private URI connect;
  private ChildJvm broker;
  private ChildJvm endpoint;
  private boolean answering;
  private ChildJvm worker;
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
    int warmup = Integer.parseInt(opts.getOrDefault("warmup-records", "1000000"));
    List<Long> latencies = new ArrayList<>();
    for (String l : opts.getOrDefault("latencies", "0,20").split(",")) {
      latencies.add(Long.parseLong(l.trim()));
    }
    org.apache.kafka.common.utils.Utils.delete(work.toFile());
    Files.createDirectories(work);
    Path plugins = work.resolve("plugins");
    Path zip = opts.containsKey("plugin-zip") ? Path.of(opts.get("plugin-zip")) : findZip();
    PluginZip.unpack(zip, plugins.resolve("timestream"));
    writeCountingSinkPlugin(plugins.resolve("counting"));

    String classpath = System.getProperty("java.class.path");
    broker =
        start(
            "broker",
            List.of("-Xms1g", "-Xmx1g"),
            classpath,
            "dev.tskafka.kafkalocal.LocalKafkaStackMain",
            List.of("--no-connect"));
    bootstrap =
        broker.awaitOutput(
            Pattern.compile("kafka-local ready bootstrap=(\\S+)"), Duration.ofSeconds(120));
    answering = !opts.getOrDefault("endpoint", "answering").equals("timestream-local");
    Path tlsStore = work.resolve("localhost.p12");
    boolean tls = opts.containsKey("tls");
    if (tls && !answering) {
      throw new IllegalArgumentException("--tls needs the answering endpoint");
    }
    List<String> endpointArgs = new ArrayList<>(List.of("--port", "0"));
    if (tls) {
      LocalhostCertificate.create(tlsStore, TLS_PASSWORD);
      endpointArgs.addAll(
          List.of("--tls-keystore", tlsStore.toString(), "--tls-password", TLS_PASSWORD));
    }
    endpoint =
        answering
            ? start(
                "answering-endpoint",
                List.of("-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"),
                classpath,
                AnsweringEndpoint.class.getName(),
                endpointArgs)
            : start(
                "timestream-local",
                List.of(
                    "-Xms3g", "-Xmx3g", "-XX:+UseParallelGC", "-Dsun.net.httpserver.nodelay=true"),
                classpath,
                "dev.tskafka.local.TimestreamLocalMain",
                // A service answers many more calls at once than one task makes: enough request
                // threads that the injected latency, which holds one per call, never queues calls.
                List.of("--port", "0", "--threads", "256"));
    timestream =
        URI.create(
            endpoint.awaitOutput(
                Pattern.compile("(?:timestream-local|answering-endpoint) ready endpoint=(\\S+)"),
                Duration.ofSeconds(120)));
    // With --tls the connector writes over TLS, as to the service; control requests stay plain.
    writeEndpoint =
        tls
            ? URI.create(
                endpoint.awaitOutput(
                    Pattern.compile("tls-endpoint=(\\S+)"), Duration.ofSeconds(10)))
            : timestream;
    if (tls) {
      workerTrust =
          List.of(
              "-Djavax.net.ssl.trustStore=" + tlsStore,
              "-Djavax.net.ssl.trustStorePassword=" + TLS_PASSWORD,
              "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

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
            + " one partition; endpoint: %s; load average before: %s%n%n",
        String.join(" ", ChildJvm.STOCK_WORKER_FLAGS),
        records,
        answering ? "answering (counts records, stores nothing)" : "timestream-local",
        loadAverage());

    if (warmup > 0) {
      // The JIT compiles converter, mapper, writer and client during the first few hundred
      // thousand records: keep that out of the figures.
      measure("warm-up", TIMESTREAM_SINK, warmupTopic, warmup, 0, false);
    }
    // Each round measures the ceiling and every latency again, each in a fresh consumer group:
    // the JIT keeps recompiling the worker's paths for a few million records after the warm-up
    // (C2 took 5 µs of worker CPU per record in a first round, 0.6 in a third), and later rounds
    // show what is left once it has settled. Only the last round waits for the 60 s offset
    // commit to read the live heap before and after it. With more than one round, that is a
    // round of its own, left out of the settled figures: the full GC of each reading shrinks the
    // stock worker's heap back towards -Xms, and the run after it pays for growing it again (the
    // 20 ms run after two readings measured 0.48 and 0.57 x the ceiling where the rounds before
    // it measured 0.60-0.63; a worker that has run for a while keeps its heap).
    int rounds = Integer.parseInt(opts.getOrDefault("rounds", "1"));
    int total = rounds > 1 ? rounds + 1 : rounds;
    List<List<Run>> measured = new ArrayList<>();
    for (int round = 1; round <= total; round++) {
      boolean heap = round == total;
      boolean heapRound = heap && rounds > 1; // the extra round, not a measured one
      String suffix = round == 1 ? "" : heapRound ? " (heap readings)" : " (round " + round + ")";
      List<Run> runs = new ArrayList<>();
      if (!opts.containsKey("skip-ceiling")) {
        runs.add(
            measure("counting sink (ceiling)" + suffix, COUNTING_SINK, topic, records, 0, heap));
      }
      for (long latency : latencies) {
        runs.add(
            measure(
                "timestream sink, " + latency + " ms" + suffix,
                TIMESTREAM_SINK,
                topic,
                records,
                latency,
                heap));
      }
      print(runs);
      if (!heapRound) {
        measured.add(runs);
      }
    }
    if (measured.size() > 2) {
      printSettled(measured.subList(1, measured.size()));
    }
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
    if (answering) {
      post(timestream.resolve("/_bench/reset"), "");
      put(timestream.resolve("/_bench/latency"), Long.toString(latencyMs));
    } else {
      post(timestream.resolve("/_local/reset"), "");
      put(timestream.resolve("/_local/faults"), "{\"latencyMs\":" + latencyMs + "}");
    }
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
    // Consumer settings for every sink of the run, the ceiling included (consumer.override.*).
    for (String kv : opts.getOrDefault("consumer-config", "").split(",")) {
      if (kv.contains("=")) {
        config.put(
            "consumer.override." + kv.substring(0, kv.indexOf('=')),
            kv.substring(kv.indexOf('=') + 1));
      }
    }
    if (connectorClass.equals(COUNTING_SINK)) {
      config.put("count.file", countFile.toAbsolutePath().toString());
      config.put("expected.records", Integer.toString(count));
    } else {
      config.put("timestream.endpoint", writeEndpoint.toString());
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
    long workerCpu = worker.cpuNanos();
    Map<Long, ChildJvm.ThreadCpu> workerThreads = worker.cpuNanosByThread();
    long endpointCpu = endpoint.cpuNanos();
    long brokerCpu = broker.cpuNanos();
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
    double workerMicros = (worker.cpuNanos() - workerCpu) / 1_000.0 / count;
    String threads = perThreadKind(workerThreads, worker.cpuNanosByThread(), count);
    double endpointMicros = (endpoint.cpuNanos() - endpointCpu) / 1_000.0 / count;
    double brokerMicros = (broker.cpuNanos() - brokerCpu) / 1_000.0 / count;
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
    System.out.printf(
        Locale.ROOT,
        "    worker µs/record by thread, CPU (of it system; and time runnable but waiting for a CPU):"
            + " %s%n",
        threads);
    return run;
  }

  /**
   * The worker's CPU per record between two readings, by thread kind (its name at the second
   * reading, numbers dropped: Connect renames a pooled thread for each task it runs), largest
   * first, after the sum over all its threads.
   */
  private static String perThreadKind(
      Map<Long, ChildJvm.ThreadCpu> before, Map<Long, ChildJvm.ThreadCpu> after, int count) {
    Map<String, double[]> byKind = new HashMap<>(); // {on a CPU, of it system, waiting for a CPU}
    double[] all = new double[3];
    after.forEach(
        (tid, now) -> {
          ChildJvm.ThreadCpu then = before.get(tid);
          double onCpu = now.onCpuNanos() - (then == null ? 0 : then.onCpuNanos());
          double[] spent =
              byKind.computeIfAbsent(now.name().replaceAll("[0-9]+", "#"), k -> new double[3]);
          for (double[] sum : List.of(spent, all)) {
            sum[0] += onCpu;
            sum[1] += onCpu * now.systemShare();
            sum[2] += now.runQueueNanos() - (then == null ? 0 : then.runQueueNanos());
          }
        });
    byKind.put("all threads", all);
    return byKind.entrySet().stream()
        .filter(e -> e.getValue()[0] > 0)
        .sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]))
        .limit(9)
        .map(
            e ->
                String.format(
                    Locale.ROOT,
                    "%s %.2f (system ~%.2f, waited for a CPU %.2f)",
                    e.getKey(),
                    e.getValue()[0] / 1_000.0 / count,
                    e.getValue()[1] / 1_000.0 / count,
                    e.getValue()[2] / 1_000.0 / count))
        .collect(Collectors.joining(", "));
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

  /**
   * The rounds after the first, side by side: each run's rate and its ratio to the ceiling of its
   * own round (the ceiling moves most between rounds), and their medians.
   */
  private static void printSettled(List<List<Run>> rounds) {
    System.out.printf(
        Locale.ROOT,
        "%nSettled rounds (2 to %d): records/s and × the same round's ceiling%n%n"
            + "| sink | records/s per round | median | × ceiling per round | median × ceiling |"
            + " median worker CPU µs/record |%n|---|---|---|---|---|---|%n",
        rounds.size() + 1);
    List<Run> first = rounds.get(0);
    for (int i = 0; i < first.size(); i++) {
      List<Double> rates = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      for (List<Run> round : rounds) {
        Run r = round.get(i);
        double rate = r.records() / r.seconds();
        rates.add(rate);
        Run ceiling = round.get(0);
        ratios.add(
            ceiling.name().startsWith("counting")
                ? rate / ceiling.records() * ceiling.seconds()
                : Double.NaN);
        cpu.add(r.workerCpuMicrosPerRecord());
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %,.0f | %s | %.2f | %.1f |%n",
          first.get(i).name().replaceFirst(" \\(round \\d+\\)$", ""),
          rates.stream()
              .map(v -> String.format(Locale.ROOT, "%,.0f", v))
              .collect(Collectors.joining(", ")),
          median(rates),
          ratios.stream()
              .map(v -> String.format(Locale.ROOT, "%.2f", v))
              .collect(Collectors.joining(", ")),
          median(ratios),
          median(cpu));
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String mb(long bytes) {
    return bytes < 0 ? "—" : String.format(Locale.ROOT, "%.0f MB", bytes / 1048576.0);
  }

  // --- processes

  private ChildJvm startWorker(Path plugins) {
    Map<String, String> config =
        new HashMap<>(
            LocalConnectWorker.config(
                bootstrap,
                List.of(plugins.resolve("timestream"), plugins.resolve("counting")),
                Map.of("group.id", "stock-worker-bench")));
    config.remove("offset.flush.interval.ms"); // the stock 60 s
    int jmxPort = ChildJvm.freePort();
    List<String> jvm = new ArrayList<>(ChildJvm.STOCK_WORKER_FLAGS);
    // As KAFKA_JMX_OPTS would: the task's own metrics (write latency, batch size) are read here.
    jvm.addAll(
        List.of(
            "-Dcom.sun.management.jmxremote.port=" + jmxPort,
            "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
            "-Dcom.sun.management.jmxremote.host=127.0.0.1",
            "-Djava.rmi.server.hostname=127.0.0.1",
            "-Dcom.sun.management.jmxremote.authenticate=false",
            "-Dcom.sun.management.jmxremote.ssl=false"));
    try {
      jmx =
          new javax.management.remote.JMXServiceURL(
              "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
    if (opts.containsKey("jfr")) {
      jvm.add(
          "-XX:StartFlightRecording=settings=profile,filename="
              + work.resolve("worker.jfr").toAbsolutePath());
    }
    jvm.addAll(workerTrust); // with --tls: the endpoint's self-signed certificate
    // Diagnostics only (e.g. -XX:+PrintCompilation): a run with them is not a stock worker's.
    for (String flag : opts.getOrDefault("worker-jvm-flags", "").split(" ")) {
      if (!flag.isBlank()) {
        jvm.add(flag);
      }
    }
    // The worker's classpath is Kafka's (and the other test dependencies), never the connector's
    // classes: the worker loads those from plugin.path only.
    String testClasses = Path.of("connector/target/test-classes").toAbsolutePath().toString();
    String workerClasspath =
        List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)).stream()
            .filter(e -> !Path.of(e).toAbsolutePath().toString().equals(testClasses))
            .collect(Collectors.joining(java.io.File.pathSeparator));
    ChildJvm child =
        ChildJvm.connectWorker(
            "worker",
            work,
            jvm,
            workerClasspath,
            config,
            List.of(TIMESTREAM_SINK, COUNTING_SINK),
            Duration.ofSeconds(120));
    children.add(child);
    connect = child.restUrl();
    return child;
  }

  private ChildJvm start(
      String name, List<String> jvm, String classpath, String mainClass, List<String> args) {
    ChildJvm child = ChildJvm.start(name, work, jvm, classpath, mainClass, args);
    children.add(child);
    return child;
  }

  void stopAll() {
    children.forEach(ChildJvm::close);
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

  /** The live heap after a full GC: jcmd's class histogram, which collects first. */
  private static long liveHeap(ChildJvm p) throws Exception {
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
    if (answering) {
      return Long.parseLong(get(timestream.resolve("/_bench/count?table=" + table)).trim());
    }
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
