package dev.tskafka.kafkalocal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java program in a JVM of its own, as users run a broker or a Connect worker: its output goes to
 * files in a log directory (never a pipe that can fill), and it can be stopped gently, killed with
 * SIGKILL, and asked for its CPU time. Used by the benchmarks and by the tests that need a process
 * to die.
 */
public final class ChildJvm implements AutoCloseable {
  /** The flags {@code bin/kafka-run-class.sh} gives a Connect worker (with its default heap). */
  public static final List<String> STOCK_WORKER_FLAGS =
      List.of(
          "-Xms256m",
          "-Xmx2g",
          "-XX:+UseG1GC",
          "-XX:MaxGCPauseMillis=20",
          "-XX:InitiatingHeapOccupancyPercent=35",
          "-XX:+ExplicitGCInvokesConcurrent",
          "-XX:MaxInlineLevel=15",
          "-Djava.awt.headless=true");

  private final String name;
  private final Process process;
  private final Path stdout;
  private final URI restUrl;

  private ChildJvm(String name, Process process, Path stdout, URI restUrl) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.restUrl = restUrl;
  }

  /** Starts {@code mainClass} with the JDK that runs this JVM; output to {@code logDir/name.*}. */
  public static ChildJvm start(
      String name,
      Path logDir,
      List<String> jvmArgs,
      String classpath,
      String mainClass,
      List<String> args) {
    return start(name, logDir, jvmArgs, classpath, mainClass, args, null);
  }

  private static ChildJvm start(
      String name,
      Path logDir,
      List<String> jvmArgs,
      String classpath,
      String mainClass,
      List<String> args,
      URI restUrl) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    try {
      Files.createDirectories(logDir);
      Path out = logDir.resolve(name + ".out");
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(logDir.resolve(name + ".err").toFile())
              .start();
      return new ChildJvm(name, process, out, restUrl);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /**
   * A Connect distributed worker ({@code ConnectDistributed}) with these worker properties, on a
   * free loopback port for its REST API; returns once the REST API lists {@code expectedPlugins}.
   */
  public static ChildJvm connectWorker(
      String name,
      Path logDir,
      List<String> jvmArgs,
      String classpath,
      Map<String, String> workerConfig,
      List<String> expectedPlugins,
      Duration timeout) {
    int port = freePort();
    Properties props = new Properties();
    props.putAll(workerConfig);
    props.put("listeners", "http://127.0.0.1:" + port);
    props.put("rest.advertised.host.name", "127.0.0.1");
    props.put("rest.advertised.port", Integer.toString(port));
    Path file = logDir.resolve(name + ".properties");
    Path log4j = logDir.resolve(name + "-log4j2.properties");
    try {
      Files.createDirectories(logDir);
      try (OutputStream out = Files.newOutputStream(file)) {
        props.store(out, name);
      }
      Files.writeString(
          log4j,
          "rootLogger.level=INFO\nrootLogger.appenderRef.f.ref=F\nappender.f.type=File\n"
              + "appender.f.name=F\nappender.f.fileName="
              + logDir.resolve(name + ".log").toAbsolutePath()
              + "\nappender.f.layout.type=PatternLayout\n"
              + "appender.f.layout.pattern=%d %p [%t] %c - %m%n\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> jvm = new ArrayList<>(jvmArgs);
    jvm.add("-Dlog4j2.configurationFile=" + log4j.toAbsolutePath());
    URI rest = URI.create("http://127.0.0.1:" + port);
    ChildJvm worker =
        start(
            name,
            logDir,
            jvm,
            classpath,
            "org.apache.kafka.connect.cli.ConnectDistributed",
            List.of(file.toAbsolutePath().toString()),
            rest);
    ConnectRestClient client = new ConnectRestClient(rest);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (client.connectorPlugins().containsAll(expectedPlugins)) {
          return worker;
        }
      } catch (RuntimeException notYet) {
        // still starting
      }
      if (!worker.process.isAlive() || System.nanoTime() > deadline) {
        worker.close();
        throw new IllegalStateException(
            "Connect worker " + name + " did not start in " + timeout + "; logs in " + logDir);
      }
      sleep(200);
    }
  }

  /** Waits for a line of standard output matching {@code pattern}; returns its first group. */
  public String awaitOutput(Pattern pattern, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        Matcher m = pattern.matcher(Files.readString(stdout));
        if (m.find()) {
          return m.group(1);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name + " did not print " + pattern + " in " + timeout + "; see " + stdout);
      }
      sleep(100);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The worker's REST API (only for {@link #connectWorker}). */
  public URI restUrl() {
    return restUrl;
  }

  /** User plus system CPU time so far, from /proc (Linux; clock ticks of 10 ms). */
  public long cpuNanos() {
    try {
      long[] ticks = ticksOf(Path.of("/proc/" + process.pid() + "/stat"));
      return (ticks[0] + ticks[1]) * 10_000_000L;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One thread's name (as the kernel knows it: at most 15 characters); its time on a CPU so far,
   * exact, from the scheduler ({@code /proc/.../schedstat}), and the share of it spent in the
   * kernel's work for it (on loopback a send also runs the receiver's TCP input), from the tick
   * counts of {@code /proc/.../stat}; and the time it waited, runnable, for a CPU. The tick counts
   * are sampled every 10 ms: a thread woken by a timer tick that runs less than one tick is never
   * charged, so they miss most of the short wake-ups of I/O threads. Where the kernel keeps no
   * scheduler statistics, the on-CPU time is the tick count and the wait 0.
   */
  public record ThreadCpu(String name, long onCpuNanos, double systemShare, long runQueueNanos) {}

  /**
   * The time on a CPU so far of each live thread, by thread id, from /proc/PID/task (Linux): two
   * readings subtract into where a run's CPU went.
   */
  public Map<Long, ThreadCpu> cpuNanosByThread() {
    Map<Long, ThreadCpu> byThread = new TreeMap<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc/" + pid() + "/task"))) {
      for (Path task : tasks) {
        try {
          byThread.put(Long.parseLong(String.valueOf(task.getFileName())), threadCpu(task));
        } catch (IOException e) {
          // A thread that ended between the listing and the read: NoSuchFileException, or ESRCH
          // ("No such process") when it ended while its file was being read.
          if (Files.exists(task)) {
            throw e;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return byThread;
  }

  private static ThreadCpu threadCpu(Path task) throws IOException {
    String name = Files.readString(task.resolve("comm")).trim();
    long[] ticks = ticksOf(task.resolve("stat"));
    long tickNanos = (ticks[0] + ticks[1]) * 10_000_000L;
    double systemShare = ticks[0] + ticks[1] == 0 ? 0 : (double) ticks[1] / (ticks[0] + ticks[1]);
    Path schedstat = task.resolve("schedstat");
    if (!Files.exists(schedstat)) {
      return new ThreadCpu(name, tickNanos, systemShare, 0);
    }
    // on the CPU (ns), waiting runnable for a CPU (ns), time slices
    String[] f = Files.readString(schedstat).trim().split(" ");
    return new ThreadCpu(name, Long.parseLong(f[0]), systemShare, Long.parseLong(f[1]));
  }

  /** User and system clock ticks (10 ms) of a /proc stat file (its fields 14 and 15). */
  private static long[] ticksOf(Path stat) throws IOException {
    String text = Files.readString(stat);
    String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
    return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
  }

  /** SIGKILL: no shutdown hook, no last commit, as when a machine dies. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM, then SIGKILL after 20 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
