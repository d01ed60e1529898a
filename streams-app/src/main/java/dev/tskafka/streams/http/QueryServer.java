package dev.tskafka.streams.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tskafka.streams.config.AppConfig;
import dev.tskafka.streams.config.PipelineConfig;
import dev.tskafka.streams.model.SeriesHistory;
import dev.tskafka.streams.topology.TopologyFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A small HTTP endpoint on the app:
 *
 * <ul>
 *   <li>{@code GET /health}: 200 {@code {"state":"RUNNING"}} while the app runs, else 503;
 *   <li>{@code GET /pipelines/{name}/series?dim=value&...}: the series' latest final windows and
 *       anomalies (interactive queries on the history store). Every dimension of the pipeline is
 *       required. When another instance owns the series the answer is 421 with its host.
 * </ul>
 */
public final class QueryServer implements AutoCloseable {
  private final HttpServer server;
  private final KafkaStreams streams;
  private final Map<String, PipelineConfig> pipelines = new HashMap<>();
  private final String self;

  public QueryServer(AppConfig config, KafkaStreams streams, int port) throws IOException {
    this.streams = streams;
    this.self = config.streams().getProperty("application.server");
    config.pipelines().forEach(p -> pipelines.put(p.name(), p));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/health", this::health);
    server.createContext("/pipelines/", this::series);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void health(HttpExchange exchange) throws IOException {
    KafkaStreams.State state = streams.state();
    boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
    respond(exchange, up ? 200 : 503, "{\"state\":\"" + state + "\"}");
  }

  private void series(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    String[] parts = uri.getPath().split("/");
    if (parts.length != 4 || !parts[3].equals("series")) {
      respond(exchange, 404, "{\"error\":\"use /pipelines/{name}/series?dim=value\"}");
      return;
    }
    PipelineConfig pipeline = pipelines.get(parts[2]);
    if (pipeline == null) {
      respond(exchange, 404, "{\"error\":\"no pipeline " + json(parts[2]) + "\"}");
      return;
    }
    Map<String, String> query = query(uri.getRawQuery());
    List<String> values = new ArrayList<>();
    for (String d : pipeline.dimensions()) {
      String v = query.get(d);
      if (v == null) {
        respond(exchange, 400, "{\"error\":\"missing dimension " + json(d) + "\"}");
        return;
      }
      values.add(v);
    }
    String key = String.join("\u001f", values);
    String store = TopologyFactory.historyStore(pipeline);
    try {
      KeyQueryMetadata owner =
          streams.queryMetadataForKey(store, key, Serdes.String().serializer());
      ReadOnlyKeyValueStore<String, SeriesHistory> history =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                      store, QueryableStoreTypes.<String, SeriesHistory>keyValueStore())
                  .enableStaleStores());
      SeriesHistory h = history.get(key);
      if (h == null && ownedElsewhere(owner)) {
        respond(
            exchange,
            421,
            "{\"error\":\"series owned by another instance\",\"host\":\""
                + owner.activeHost().host()
                + ":"
                + owner.activeHost().port()
                + "\"}");
        return;
      }
      if (h == null) {
        respond(exchange, 404, "{\"error\":\"no closed window for this series yet\"}");
        return;
      }
      respond(
          exchange,
          200,
          "{\"windows\":["
              + String.join(",", h.recentWindows())
              + "],\"anomalies\":["
              + String.join(",", h.recentAnomalies())
              + "]}");
    } catch (InvalidStateStoreException e) {
      respond(exchange, 503, "{\"error\":\"state store not ready: " + json(e.getMessage()) + "\"}");
    }
  }

  /** Only instances that set application.server know who owns what; alone, everything is here. */
  private boolean ownedElsewhere(KeyQueryMetadata owner) {
    if (self == null || owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
      return false;
    }
    return !(owner.activeHost().host() + ":" + owner.activeHost().port()).equals(self);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static String json(String s) {
    return "\"" + (s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"")) + "\"";
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
