package dev.tskafka.quickstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tskafka.quickstart.scenario.Scenario;
import dev.tskafka.quickstart.scenario.Timeline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The main job in one command: the whole pipeline on 127.0.0.1, fed by the seed document's
 * scenarios, with live progress and a report from what landed in timestream-local. See {@link
 * QuickstartOptions#USAGE}.
 */
public final class Quickstart {
  /** How long to wait, after the generators finish, for everything to land. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

  private final QuickstartOptions options;
  private final PrintStream out;
  private final boolean console = System.console() != null;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private LocalPipeline pipeline;
  private Generator generator;

  private Quickstart(QuickstartOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) {
    if (Runtime.version().feature() < 17) {
      System.err.println("quickstart: Java 17 or newer is needed, this is " + Runtime.version());
      System.exit(1);
    }
    QuickstartOptions options;
    try {
      if (List.of(args).contains("--help")) {
        System.out.print(QuickstartOptions.USAGE);
        return;
      }
      options = QuickstartOptions.parse(args, defaultHome());
    } catch (IllegalArgumentException e) {
      System.err.println("quickstart: " + e.getMessage());
      System.err.print(QuickstartOptions.USAGE);
      System.exit(2);
      return;
    }
    // Logs go to a file, so the terminal shows progress and the report; set before any logger.
    Path log = options.workDir().resolve("quickstart.log");
    System.setProperty("quickstart.log.file", log.toString());
    System.setProperty("log4j2.configurationFile", "quickstart-log4j2.xml");
    int code;
    try {
      code = new Quickstart(options, System.out).run(log);
    } catch (QuickstartException e) {
      System.err.println("\nquickstart: " + e.getMessage());
      code = 1;
    } catch (RuntimeException | Error e) {
      System.err.println("\nquickstart failed: " + e + "\n  (details in " + log + ")");
      e.printStackTrace(System.err);
      code = 1;
    }
    System.exit(code);
  }

  private int run(Path log) {
    List<Scenario> scenarios = options.newScenarios();
    LocalPipeline.preflight(options, scenarios);
    Timeline timeline = Timeline.ending(Instant.now(), options.simulatedSpan(), options.records());
    out.printf(
        "Quickstart: %s as %s; %,d records at %,d/s%s over %d s, replaying %s of event time"
            + " (x%d). Logs: %s%n",
        String.join(", ", options.scenarios()),
        options.avro() ? "registry-framed Avro" : "JSON",
        options.records(),
        options.rate(),
        options.burst() ? " (burst: as fast as possible)" : "",
        options.duration().toSeconds(),
        human(options.simulatedSpan()),
        options.speed(),
        log);
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "quickstart-shutdown"));
    pipeline = LocalPipeline.start(options, scenarios, line -> out.println("  " + line));

    generator =
        new Generator(
            pipeline.setups(), timeline, options, pipeline.kafka().broker().bootstrapServers());
    Map<String, Generator.Produced> produced = generator.produced();
    Report report = new Report(pipeline.timestream(), pipeline.setups(), produced, timeline);
    long start = System.nanoTime();
    Thread producing = new Thread(generator, "quickstart-generator");
    producing.start();
    out.println("Producing" + (console ? " (Enter prints the report so far)" : "") + ":");
    Thread keys = console ? startReportOnEnter(report, produced) : null;

    boolean landed = false;
    long drainDeadline = Long.MAX_VALUE;
    long lastLine = 0;
    while (!stopped.get()) {
      sleep(console ? 500 : 1000);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      Progress progress = Progress.read(pipeline, produced);
      if (console) {
        out.print("\r" + progress.line(elapsed) + "   ");
      } else if (elapsed.toSeconds() - lastLine >= 5) {
        out.println(progress.line(elapsed));
        lastLine = elapsed.toSeconds();
      }
      if (generator.failure() != null) {
        throw new QuickstartException("producing failed: " + generator.failure());
      }
      if (generator.done() && drainDeadline == Long.MAX_VALUE) {
        drainDeadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
      }
      if (generator.done() && report.complete()) {
        landed = true;
        break;
      }
      if (System.nanoTime() > drainDeadline) {
        break;
      }
    }
    if (stopped.get()) {
      return 130;
    }
    Progress last = Progress.read(pipeline, produced);
    out.println(
        (console ? "\r" : "")
            + last.line(Duration.ofNanos(System.nanoTime() - start))
            + (landed ? "  (all landed)" : "  (gave up waiting)"));
    out.print(report.render(pipeline.timestream().endpoint().toString(), last));
    writeSummary(report, last, landed);
    if (!landed) {
      out.println(
          "\nNot everything landed within "
              + DRAIN_TIMEOUT.toSeconds()
              + " s (see MISSING above); the log is "
              + log);
    }
    if (options.keepRunning()) {
      printWhatToTry();
      if (keys == null) {
        startReportOnEnter(report, produced);
      }
      await(finished);
      return 0;
    }
    stop();
    return landed ? 0 : 1;
  }

  private void printWhatToTry() {
    String connect = pipeline.kafka().connect().restUrl().toString();
    String ts = pipeline.timestream().endpoint().toString();
    String topics =
        String.join(", ", pipeline.setups().stream().map(s -> s.scenario().topic()).toList());
    out.printf("%nEverything is still up (Ctrl-C stops it; Enter prints the report again). Try:%n");
    out.printf("  curl -s %sconnectors?expand=status%n", connect);
    out.printf("  curl -s %s/_local/databases%n", ts);
    out.printf(
        "  curl -s '%s/_local/databases/DevOpsMetrics/tables/SystemMetricsPerMinute/rows?limit=3'%n",
        ts);
    out.printf(
        "  curl -s 'http://127.0.0.1:%d/pipelines/hosts/series?hostname=web-server-03&region=us-east-1'%n",
        pipeline.streams().httpPort());
    out.printf(
        "  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws --endpoint-url %s --region us-east-1"
            + " timestream-query query --query-string 'SELECT hostname, bin(time, 1m) AS minute,"
            + " max(cpu_percent) AS peak FROM \"DevOpsMetrics\".\"SystemMetrics\" GROUP BY hostname,"
            + " bin(time, 1m) ORDER BY peak DESC LIMIT 5'%n",
        ts);
    out.printf(
        "  Java: TimestreamQueryClient.builder().endpointOverride(URI.create(\"%s\"))"
            + ".endpointDiscoveryEnabled(false).region(Region.US_EAST_1) (any credentials)%n",
        ts);
    out.printf(
        "  your own producers: bootstrap.servers=%s, topics %s%n%n",
        pipeline.kafka().broker().bootstrapServers(), topics);
  }

  /** Stops the generators and everything started; for Ctrl-C as much as for the normal end. */
  private void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    if (generator != null) {
      generator.stop();
    }
    if (pipeline != null) {
      out.println("\nStopping...");
      out.flush();
      pipeline.close();
      out.println("Stopped.");
      out.flush();
    }
    finished.countDown();
  }

  private Thread startReportOnEnter(Report report, Map<String, Generator.Produced> produced) {
    Thread t =
        new Thread(
            () -> {
              BufferedReader in =
                  new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
              try {
                // Each Enter prints the report again; what was typed before it does not matter.
                for (int c = in.read(); c != -1 && !stopped.get(); c = in.read()) {
                  if (c == '\n') {
                    Progress p = Progress.read(pipeline, produced);
                    out.print(report.render(pipeline.timestream().endpoint().toString(), p));
                  }
                }
              } catch (IOException | RuntimeException e) {
                // no terminal to read from, or the pipeline is stopping
              }
            },
            "quickstart-keys");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void writeSummary(Report report, Progress progress, boolean landed) {
    if (options.summaryJson() == null) {
      return;
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("complete", landed);
    summary.put("timestreamEndpoint", pipeline.timestream().endpoint().toString());
    summary.put("progress", progress);
    List<Report.Flagged> flagged = report.flagged();
    List<Report.Landed> landedScenarios = report.landed(flagged);
    summary.put("landed", landedScenarios);
    summary.put("anomalyQuality", report.quality(landedScenarios));
    summary.put("flagged", flagged);
    try {
      Path dir = options.summaryJson().toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(options.summaryJson().toFile(), summary);
    } catch (IOException e) {
      throw new QuickstartException("cannot write " + options.summaryJson() + ": " + e);
    }
  }

  /**
   * The project directory: the first parent of the jar (or classes) with config/ and connector/.
   */
  static Path defaultHome() {
    try {
      Path code =
          Path.of(Quickstart.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path p : List.of(code, Path.of("").toAbsolutePath())) {
        for (Path dir = p; dir != null; dir = dir.getParent()) {
          if (Files.isDirectory(dir.resolve("config"))
              && Files.isDirectory(dir.resolve("connector"))) {
            return dir;
          }
        }
      }
    } catch (URISyntaxException | SecurityException e) {
      // fall through: --home is required
    }
    return null;
  }

  private static String human(Duration d) {
    return d.toMinutes() >= 120 ? d.toHours() + " h" : d.toMinutes() + " min";
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickstartException("interrupted");
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
