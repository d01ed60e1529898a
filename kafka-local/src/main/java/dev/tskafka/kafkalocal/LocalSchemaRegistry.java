package dev.tskafka.kafkalocal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry server (2.x, in-memory storage) in a child JVM on 127.0.0.1 at a free
 * port, started from the unpacked Maven artifact {@code
 * io.apicurio:apicurio-registry-app:2.6.13.Final:tar.gz:all} (the parent pom's execution {@code
 * apicurio-registry} unpacks it and tests get its directory as the system property {@value
 * #HOME_PROPERTY}).
 *
 * <p>It serves the Confluent-compatible API at {@link #confluentUrl()}, whose schema ids are
 * Apicurio content ids (what Apicurio's serdes and converter send with {@code
 * apicurio.registry.use-id=contentId}), and Apicurio's own API at {@link #apicurioUrl()}. The child
 * uses the same {@code java} as this process and logs to {@link #logFile()}; {@link #close()} stops
 * it, and so does a shutdown hook if the JVM exits first.
 */
public final class LocalSchemaRegistry implements AutoCloseable {

  /** The system property that names the unpacked server directory. */
  public static final String HOME_PROPERTY = "apicurio.registry.home";

  private static final Logger log = LoggerFactory.getLogger(LocalSchemaRegistry.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
  private static final int START_ATTEMPTS = 3;
  private static final int LOG_TAIL_LINES = 40;
  private static final String CONFLUENT_CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final URI url;
  private final Path logFile;
  private final Thread shutdownHook;
  private final HttpClient http;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalSchemaRegistry(Process process, URI url, Path logFile, HttpClient http) {
    this.process = process;
    this.url = url;
    this.logFile = logFile;
    this.http = http;
    this.shutdownHook = new Thread(this::stopProcess, "apicurio-registry-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a registry from the directory the system property {@value #HOME_PROPERTY} names. */
  public static LocalSchemaRegistry start() {
    String home = System.getProperty(HOME_PROPERTY);
    if (home == null || home.isBlank()) {
      throw new IllegalStateException(
          "System property "
              + HOME_PROPERTY
              + " is not set: it must name the unpacked apicurio-registry-app tar.gz"
              + " (declare the parent pom's maven-dependency-plugin execution apicurio-registry)");
    }
    return start(Path.of(home));
  }

  /**
   * Starts a registry from {@code home}, the unpacked {@code apicurio-registry-app} tar.gz, and
   * waits until it is ready.
   */
  public static LocalSchemaRegistry start(Path home) {
    return builder(home).start();
  }

  /** A builder for a registry run from {@code home}, for a fixed port, log file or properties. */
  public static Builder builder(Path home) {
    return new Builder(home);
  }

  /** The base URL, {@code http://127.0.0.1:port}. */
  public URI url() {
    return url;
  }

  /** The Confluent-compatible API, {@code http://127.0.0.1:port/apis/ccompat/v7}. */
  public String confluentUrl() {
    return url + "/apis/ccompat/v7";
  }

  /** Apicurio's own API, {@code http://127.0.0.1:port/apis/registry/v2}. */
  public String apicurioUrl() {
    return url + "/apis/registry/v2";
  }

  /** The file the server's output goes to. */
  public Path logFile() {
    return logFile;
  }

  /** The child process, e.g. to check that it is gone after {@link #close()}. */
  public ProcessHandle process() {
    return process.toHandle();
  }

  /**
   * Registers an Avro schema under {@code subject} through the Confluent-compatible API ({@code
   * POST /subjects/{subject}/versions}) and returns its id; registering the same schema again
   * returns the same id.
   */
  public int registerAvroSchema(String subject, String schemaJson) {
    return registerSchema(subject, "AVRO", schemaJson);
  }

  /**
   * Registers a schema of {@code schemaType} ({@code AVRO}, {@code JSON} or {@code PROTOBUF}) under
   * {@code subject} through the Confluent-compatible API and returns its id.
   */
  public int registerSchema(String subject, String schemaType, String schema) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("schema", schema);
    body.put("schemaType", schemaType);
    JsonNode answer =
        send(
            "POST",
            confluentUrl() + "/subjects/" + encode(subject) + "/versions",
            serialize(body),
            "register a schema under subject " + subject);
    JsonNode id = answer.path("id");
    if (!id.canConvertToInt()) {
      throw new IllegalStateException("Registry answered without an id: " + answer);
    }
    return id.intValue();
  }

  /** The schema text registered with {@code id} ({@code GET /schemas/ids/{id}}). */
  public String schemaById(int id) {
    return send("GET", confluentUrl() + "/schemas/ids/" + id, null, "read schema id " + id)
        .path("schema")
        .asText();
  }

  /** The subjects registered through either API ({@code GET /subjects}). */
  public List<String> subjects() {
    List<String> subjects = new ArrayList<>();
    send("GET", confluentUrl() + "/subjects", null, "list subjects")
        .forEach(subject -> subjects.add(subject.asText()));
    return List.copyOf(subjects);
  }

  /** Stops the server: SIGTERM, then a forced kill if it has not exited within 15 s. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down and the hook stops the process.
    }
    long startNanos = System.nanoTime();
    stopProcess();
    log.info("Apicurio Registry at {} stopped in {} ms", url, Elapsed.millisSince(startNanos));
  }

  private void stopProcess() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Apicurio Registry at {} did not stop within {}: killing it", url, STOP_TIMEOUT);
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private JsonNode send(String method, String uri, String body, String what) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(uri))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json")
            .header("Content-Type", CONFLUENT_CONTENT_TYPE)
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot " + what + " at " + uri, e);
    } catch (InterruptedException e) {
      throw new InterruptException(e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "Cannot "
              + what
              + ": "
              + method
              + " "
              + uri
              + " answered "
              + response.statusCode()
              + " "
              + response.body());
    }
    try {
      return JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Registry answered with invalid JSON: " + response.body(), e);
    }
  }

  private static String serialize(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Settings for a registry; {@link #start()} starts it and waits until it is ready. */
  public static final class Builder {

    private final Path home;
    private int port;
    private Path logFile;
    private String maxHeap = "384m";
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder(Path home) {
      this.home = home.toAbsolutePath();
    }

    /** The HTTP port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Where the server's output goes; default {@code <home>/logs/apicurio-registry-PORT.log}. */
    public Builder logFile(Path logFile) {
      this.logFile = logFile;
      return this;
    }

    /** The child JVM's {@code -Xmx}; default {@code 384m}. */
    public Builder maxHeap(String maxHeap) {
      this.maxHeap = maxHeap;
      return this;
    }

    /** A system property for the server, e.g. a {@code registry.*} or {@code quarkus.*} setting. */
    public Builder property(String name, String value) {
      properties.put(name, value);
      return this;
    }

    /**
     * Starts the server and waits until {@code /health/ready} answers 200.
     *
     * @throws IllegalStateException if there is no runner jar in the home directory, or the server
     *     exits or is not ready within 60 s; the message holds the tail of its log
     */
    public LocalSchemaRegistry start() {
      Path runnerJar = runnerJar(home);
      int attempts = port == 0 ? START_ATTEMPTS : 1;
      for (int attempt = 1; ; attempt++) {
        int chosenPort = port == 0 ? freePort() : port;
        try {
          return startOnce(runnerJar, chosenPort);
        } catch (PortInUseException e) {
          if (attempt >= attempts) {
            throw new IllegalStateException(e.getMessage());
          }
          log.info("Port {} was taken before the registry bound it; trying another", chosenPort);
        }
      }
    }

    private LocalSchemaRegistry startOnce(Path runnerJar, int chosenPort) {
      long startNanos = System.nanoTime();
      Path log =
          logFile != null ? logFile : home.resolve("logs/apicurio-registry-" + chosenPort + ".log");
      URI url = URI.create("http://127.0.0.1:" + chosenPort);
      Process process = launch(runnerJar, chosenPort, log);
      HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
      try {
        awaitReady(process, http, url, log);
      } catch (RuntimeException e) {
        process.destroyForcibly();
        throw e;
      }
      LocalSchemaRegistry registry = new LocalSchemaRegistry(process, url, log, http);
      LocalSchemaRegistry.log.info(
          "Apicurio Registry started at {} (pid {}, log {}) in {} ms",
          url,
          process.pid(),
          log,
          Elapsed.millisSince(startNanos));
      return registry;
    }

    private Process launch(Path runnerJar, int chosenPort, Path log) {
      List<String> command = new ArrayList<>();
      command.add(javaCommand());
      command.add("-Xmx" + maxHeap);
      command.add("-XX:+UseSerialGC");
      command.add("-XX:TieredStopAtLevel=1");
      command.add("-Dquarkus.http.host=127.0.0.1");
      command.add("-Dquarkus.http.port=" + chosenPort);
      properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
      command.add("-jar");
      command.add(runnerJar.toString());
      try {
        Path logDir = log.toAbsolutePath().getParent();
        if (logDir != null) {
          Files.createDirectories(logDir);
        }
        return new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start " + String.join(" ", command), e);
      }
    }

    private static void awaitReady(Process process, HttpClient http, URI url, Path log) {
      long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
      HttpRequest ready =
          HttpRequest.newBuilder(url.resolve("/health/ready"))
              .timeout(Duration.ofSeconds(5))
              .GET()
              .build();
      while (true) {
        if (!process.isAlive()) {
          String tail = tail(log);
          String message =
              "Apicurio Registry exited with code "
                  + process.exitValue()
                  + " before it was ready at "
                  + url
                  + "; last lines of "
                  + log
                  + ":\n"
                  + tail;
          if (tail.contains("already in use") || tail.contains("already bound")) {
            throw new PortInUseException(message);
          }
          throw new IllegalStateException(message);
        }
        try {
          if (http.send(ready, BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // Not listening yet.
        } catch (InterruptedException e) {
          throw new InterruptException(e);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Apicurio Registry not ready at "
                  + url
                  + " within "
                  + STARTUP_TIMEOUT
                  + "; last lines of "
                  + log
                  + ":\n"
                  + tail(log));
        }
        try {
          Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
          throw new InterruptException(e);
        }
      }
    }

    private static Path runnerJar(Path home) {
      if (!Files.isDirectory(home)) {
        throw new IllegalStateException(
            "Apicurio Registry home "
                + home
                + " does not exist: unpack io.apicurio:apicurio-registry-app:tar.gz:all there"
                + " (the parent pom's maven-dependency-plugin execution apicurio-registry)");
      }
      try (Stream<Path> files = Files.list(home)) {
        return files
            .filter(file -> String.valueOf(file.getFileName()).endsWith("-runner.jar"))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "No *-runner.jar in "
                            + home
                            + ": it must hold the unpacked io.apicurio:apicurio-registry-app"
                            + " tar.gz (classifier all)"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String javaCommand() {
      Optional<String> current = ProcessHandle.current().info().command();
      if (current.isPresent() && Files.isExecutable(Path.of(current.get()))) {
        return current.get();
      }
      return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot find a free port", e);
      }
    }

    private static java.io.File nullFile() {
      return new java.io.File(
          System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String tail(Path log) {
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join(
            "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
      } catch (IOException | UncheckedIOException e) {
        return "(cannot read " + log + ": " + e + ")";
      }
    }
  }

  private static final class PortInUseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortInUseException(String message) {
      super(message);
    }
  }
}
