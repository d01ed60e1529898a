package dev.tskafka.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs the built quickstart jar headless, as a user would (a short run at higher speed), with
 * {@code --keep-running}; then checks what it reported against timestream-local's and Connect's own
 * HTTP APIs, and that SIGTERM (Ctrl-C) stops it cleanly. One subclass per {@code --format}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class QuickstartRunChecks {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final String format;
  private final Path work;
  private Process quickstart;
  private Thread reader;
  private final List<String> output = new ArrayList<>();
  private JsonNode summary;
  private String timestream;
  private String connect;

  QuickstartRunChecks(String format) {
    this.format = format;
    this.work = Path.of("target/quickstart-it-" + format).toAbsolutePath();
  }

  @BeforeAll
  void runQuickstart() throws Exception {
    Path jar = Path.of("target/tskafka-quickstart.jar").toAbsolutePath();
    Path summaryFile = work.resolve("summary.json");
    Files.deleteIfExists(summaryFile);
    String java = ProcessHandle.current().info().command().orElse("java");
    quickstart =
        new ProcessBuilder(
                java,
                "-Xmx2g",
                "-jar",
                jar.toString(),
                "--duration",
                "15",
                "--rate",
                "300",
                "--speed",
                "240",
                "--timestream-port",
                "0",
                "--keep-running",
                "--format",
                format,
                "--work-dir",
                work.toString(),
                "--summary-json",
                summaryFile.toString())
            .redirectErrorStream(true)
            .start();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(quickstart.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  System.out.println("quickstart> " + line);
                  synchronized (output) {
                    output.add(line);
                  }
                  if (line.startsWith("Everything is still up")) {
                    ready.complete(null);
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
              ready.completeExceptionally(new IllegalStateException("quickstart ended early"));
            },
            "quickstart-output");
    reader.setDaemon(true);
    reader.start();
    ready.get(5, TimeUnit.MINUTES);
    summary = JSON.readTree(summaryFile.toFile());
    timestream = summary.get("timestreamEndpoint").asText();
    connect = find("connect REST +(http://\\S+/)connectors");
  }

  @AfterAll
  void stop() throws InterruptedException {
    if (quickstart != null && quickstart.isAlive()) {
      quickstart.destroyForcibly();
    }
  }

  @Test
  void shouldLandEveryRecordAndEveryWindowOfEachScenario() throws Exception {
    assertThat(summary.get("complete").asBoolean()).isTrue();
    Map<String, Long> rowCounts = rowCountsFromTimestreamLocal();
    assertThat(summary.get("landed")).hasSize(4);
    for (JsonNode l : summary.get("landed")) {
      String scenario = l.get("scenario").asText();
      long produced = l.get("produced").asLong();
      assertThat(produced).as(scenario).isEqualTo(15 * 300 / 4);
      assertThat(rowCounts.get(l.get("rawTable").asText())).as(scenario).isEqualTo(produced);
      long windows = l.get("expectedWindows").asLong();
      assertThat(windows).as(scenario).isPositive();
      assertThat(rowCounts.get(l.get("aggregatesTable").asText())).as(scenario).isEqualTo(windows);
    }
  }

  @Test
  void shouldStatePrecisionAndRecallOfTheFlagsOverEveryFlaggedWindow() {
    JsonNode q = summary.get("anomalyQuality");
    int inside = 0;
    int outside = 0;
    for (JsonNode l : summary.get("landed")) {
      inside += l.get("flaggedInsideIncident").asInt();
      outside += l.get("flaggedOutsideIncident").asInt();
    }
    assertThat(inside + outside)
        .as("every flagged window counted once")
        .isEqualTo(summary.get("flagged").size());
    assertThat(q.get("flaggedInsideIncidents").asInt()).isEqualTo(inside);
    assertThat(q.get("flaggedOutsideIncidents").asInt()).isEqualTo(outside);
    assertThat(q.get("precision").asDouble()).isEqualTo((double) inside / (inside + outside));
    assertThat(q.get("incidents").asInt()).isEqualTo(4);
    assertThat(q.get("recall").asDouble()).isEqualTo(1.0);
  }

  @Test
  void shouldFlagEachInjectedIncident() throws Exception {
    for (JsonNode l : summary.get("landed")) {
      assertThat(l.get("incidentFlaggedWindows"))
          .as(l.get("scenario").asText() + ": " + l.get("incident").asText())
          .isNotEmpty();
    }
    // Read back independently: the busy host's aggregate rows carry the flag and the reason.
    JsonNode rows =
        get(timestream + "/_local/databases/DevOpsMetrics/tables/SystemMetricsPerMinute/rows");
    List<JsonNode> flagged = new ArrayList<>();
    for (JsonNode row : rows.get("rows")) {
      JsonNode values = row.get("measureValues");
      if (row.get("dimensions").get("hostname").asText().equals("web-server-03")
          && values.get("anomaly").get("value").asBoolean()) {
        flagged.add(values);
      }
    }
    assertThat(flagged).isNotEmpty();
    assertThat(flagged)
        .anySatisfy(
            v -> {
              assertThat(v.get("anomalies").get("value").asText())
                  .contains("threshold_above:cpu_percent.max");
              assertThat(v.get("cpu_percent_max").get("value").asDouble()).isGreaterThan(90);
            });
    // The seed's raw CPU query agrees: only the busy host has samples above 90%.
    JsonNode raw = get(timestream + "/_local/databases/DevOpsMetrics/tables/SystemMetrics/rows");
    for (JsonNode row : raw.get("rows")) {
      if (row.get("measureValues").get("cpu_percent").get("value").asDouble() > 90) {
        assertThat(row.get("dimensions").get("hostname").asText()).isEqualTo("web-server-03");
      }
    }
  }

  @Test
  void shouldComputeTheReportsCpuQueryThroughTheQueryApiAsTheStoreHoldsIt() throws Exception {
    // Counted here from the store's own rows, not by SQL: the report's line must say the same.
    JsonNode raw = get(timestream + "/_local/databases/DevOpsMetrics/tables/SystemMetrics/rows");
    int hot = 0;
    for (JsonNode row : raw.get("rows")) {
      if (row.get("dimensions").get("hostname").asText().equals("web-server-03")
          && row.get("measureValues").get("cpu_percent").get("value").asDouble() > 90) {
        hot++;
      }
    }
    assertThat(hot).isPositive();
    String text = String.join("\n", snapshot());
    assertThat(text).contains("  web-server-03: " + hot + " samples, ");
    // --keep-running says how to ask the same endpoint yourself.
    assertThat(text).contains("timestream-query query --query-string 'SELECT hostname");
  }

  @Test
  void shouldPrintTheReportAndLeaveTheConnectorsRunning() throws Exception {
    String text = String.join("\n", snapshot());
    assertThat(text)
        .contains("Landed")
        .contains("IoT sensors: latest reading per device")
        .contains("API latency per endpoint")
        .contains("Stock prices per symbol")
        .contains("Hosts: raw samples with cpu_percent > 90")
        .contains("Windows flagged as anomalies")
        .doesNotContain("MISSING")
        .doesNotContain("NOT FLAGGED");
    JsonNode status = get(connect + "connectors?expand=status");
    assertThat(status.size()).isEqualTo(8);
    status.forEach(
        c -> {
          assertThat(c.get("status").get("connector").get("state").asText()).isEqualTo("RUNNING");
          c.get("status")
              .get("tasks")
              .forEach(t -> assertThat(t.get("state").asText()).isEqualTo("RUNNING"));
        });
  }

  @Test
  @Order(Integer.MAX_VALUE) // last: the other tests read the running stack
  void shouldStopCleanlyOnSigterm() throws Exception {
    // SIGTERM, like Ctrl-C's SIGINT: the shutdown hook stops everything. (Process.destroy() would
    // also close our end of its output, and lose the last lines.)
    quickstart.toHandle().destroy();
    assertThat(quickstart.waitFor(90, TimeUnit.SECONDS)).isTrue();
    reader.join(10_000); // to the end of its output
    assertThat(snapshot()).contains("Stopped.");
    assertThat(String.join("\n", snapshot())).doesNotContain("Exception");
    // Nothing is left listening: timestream-local's port is closed.
    assertThatThrownBy(() -> get(timestream + "/_local/health")).isInstanceOf(IOException.class);
  }

  private Map<String, Long> rowCountsFromTimestreamLocal() throws Exception {
    Map<String, Long> counts = new HashMap<>();
    for (JsonNode db : get(timestream + "/_local/databases").get("databases")) {
      for (JsonNode t : db.get("tables")) {
        counts.put(
            db.get("name").asText() + "." + t.get("name").asText(), t.get("rowCount").asLong());
      }
    }
    return counts;
  }

  static JsonNode get(String url) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  String find(String regex) {
    Pattern p = Pattern.compile(regex);
    for (String line : snapshot()) {
      Matcher m = p.matcher(line);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new AssertionError("no line matches " + regex + " in:\n" + String.join("\n", snapshot()));
  }

  private List<String> snapshot() {
    synchronized (output) {
      return new ArrayList<>(output);
    }
  }
}
