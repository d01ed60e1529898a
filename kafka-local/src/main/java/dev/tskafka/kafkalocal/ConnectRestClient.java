package dev.tskafka.kafkalocal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.InterruptException;

/**
 * A small client for the Kafka Connect REST API: create or update, delete, status, validate, list
 * plugins, and await a running connector. Any worker will do, not only a {@link
 * LocalConnectWorker}.
 */
public final class ConnectRestClient {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI baseUrl;
  private final HttpClient http;

  /**
   * A client for the worker whose REST API is at {@code baseUrl}, e.g. {@code http://host:8083/}.
   */
  public ConnectRestClient(URI baseUrl) {
    String url = baseUrl.toString();
    this.baseUrl = URI.create(url.endsWith("/") ? url : url + "/");
    this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
  }

  /** Creates the connector, or replaces its config if it exists. */
  public void createOrUpdateConnector(String name, Map<String, String> config) {
    send("PUT", "connectors/" + encode(name) + "/config", config);
  }

  /** Deletes the connector. */
  public void deleteConnector(String name) {
    send("DELETE", "connectors/" + encode(name), null);
  }

  /** Restarts one task of the connector ({@code POST /connectors/{name}/tasks/{id}/restart}). */
  public void restartTask(String name, int taskId) {
    send("POST", "connectors/" + encode(name) + "/tasks/" + taskId + "/restart", null);
  }

  /** The current state of the connector and its tasks. */
  public ConnectorStatus connectorStatus(String name) {
    JsonNode status = send("GET", "connectors/" + encode(name) + "/status", null);
    List<ConnectorStatus.TaskStatus> tasks = new ArrayList<>();
    status
        .path("tasks")
        .forEach(
            task ->
                tasks.add(
                    new ConnectorStatus.TaskStatus(
                        task.path("id").asInt(),
                        task.path("state").asText(),
                        task.path("trace").textValue(),
                        task.path("worker_id").textValue())));
    JsonNode connector = status.path("connector");
    return new ConnectorStatus(
        status.path("name").asText(),
        connector.path("state").asText(),
        connector.path("trace").textValue(),
        List.copyOf(tasks));
  }

  /**
   * Validates a connector config against the plugin {@code connectorClass}. The body carries a
   * {@code name} (the given one, else a placeholder), without which the worker counts one error
   * more.
   */
  public ConfigValidation validate(String connectorClass, Map<String, String> config) {
    Map<String, String> body = new HashMap<>(config);
    body.putIfAbsent("name", "validation");
    body.putIfAbsent("connector.class", connectorClass);
    JsonNode result =
        send("PUT", "connector-plugins/" + encode(connectorClass) + "/config/validate", body);
    Map<String, List<String>> errors = new LinkedHashMap<>();
    for (JsonNode configInfo : result.path("configs")) {
      JsonNode value = configInfo.path("value");
      List<String> messages = new ArrayList<>();
      value.path("errors").forEach(message -> messages.add(message.asText()));
      if (!messages.isEmpty()) {
        errors.put(value.path("name").asText(), List.copyOf(messages));
      }
    }
    return new ConfigValidation(result.path("error_count").asInt(), errors);
  }

  /** The class names of the connector plugins the worker has loaded. */
  public List<String> connectorPlugins() {
    List<String> classes = new ArrayList<>();
    send("GET", "connector-plugins", null)
        .forEach(plugin -> classes.add(plugin.path("class").asText()));
    return List.copyOf(classes);
  }

  /**
   * Waits until the connector and all of its tasks are running.
   *
   * @return the running status
   * @throws IllegalStateException if the connector or a task fails, or {@code timeout} passes
   */
  public ConnectorStatus awaitRunning(String name, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ConnectorStatus status = connectorStatusIfKnown(name);
      if (status != null && status.isRunning()) {
        return status;
      }
      if (status != null && status.hasFailed()) {
        throw new IllegalStateException("Connector " + name + " failed: " + status);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Connector " + name + " not running within " + timeout + ": " + status);
      }
      sleep(POLL_INTERVAL);
    }
  }

  /** Whether the worker has joined its cluster and serves requests ({@code GET /health}). */
  boolean isHealthy() {
    try {
      return request("GET", "health", null).statusCode() == 200;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  private ConnectorStatus connectorStatusIfKnown(String name) {
    try {
      return connectorStatus(name);
    } catch (ConnectRestException e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  private JsonNode send(String method, String path, Object body) {
    HttpResponse<String> response = request(method, path, body);
    if (response.statusCode() / 100 != 2) {
      throw new ConnectRestException(
          method + " " + baseUrl.resolve(path), response.statusCode(), response.body());
    }
    try {
      return JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> request(String method, String path, Object body) {
    try {
      BodyPublisher publisher =
          body == null
              ? BodyPublishers.noBody()
              : BodyPublishers.ofString(JSON.writeValueAsString(body));
      HttpRequest request =
          HttpRequest.newBuilder(baseUrl.resolve(path))
              .timeout(REQUEST_TIMEOUT)
              .header("Accept", "application/json")
              .header("Content-Type", "application/json")
              .method(method, publisher)
              .build();
      return http.send(request, BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new InterruptException(e);
    }
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      throw new InterruptException(e);
    }
  }
}
