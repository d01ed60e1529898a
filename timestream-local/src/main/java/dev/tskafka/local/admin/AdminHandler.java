package dev.tskafka.local.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.tskafka.local.faults.FaultInjector;
import dev.tskafka.local.faults.FaultSettings;
import dev.tskafka.local.protocol.Json;
import dev.tskafka.local.store.Catalog;
import dev.tskafka.local.store.CatalogException;
import dev.tskafka.local.store.Database;
import dev.tskafka.local.store.MagneticRejection;
import dev.tskafka.local.store.RowPage;
import dev.tskafka.local.store.RowQuery;
import dev.tskafka.local.store.Table;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * Endpoints outside the AWS protocol, under {@code /_local}: health, stored rows, faults, reset.
 *
 * <pre>
 * GET  /_local/health
 * GET  /_local/databases                                   databases, tables, row counts
 * GET  /_local/databases/{db}/tables/{table}/rows          ?measureName=&amp;from=&amp;to=&amp;limit=
 * GET  /_local/databases/{db}/tables/{table}/magnetic-rejections
 * GET  /_local/faults, PUT /_local/faults                  latency, jitter, probabilities, failNext
 * POST /_local/reset                                       drops all data and faults
 * </pre>
 */
public final class AdminHandler implements HttpHandler {
  private final Catalog catalog;
  private final FaultInjector faults;

  public AdminHandler(Catalog catalog, FaultInjector faults) {
    this.catalog = catalog;
    this.faults = faults;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int status = 200;
      JsonNode response;
      try {
        response = route(exchange);
      } catch (CatalogException e) {
        status = e.kind() == CatalogException.Kind.NOT_FOUND ? 404 : 400;
        response = error(e.getMessage());
      } catch (IllegalArgumentException e) {
        status = 400;
        response = error(e.getMessage());
      } catch (NoEndpointException e) {
        status = 404;
        response = error(e.getMessage());
      }
      byte[] body = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(response);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private static final class NoEndpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoEndpointException(String message) {
      super(message, null, false, false);
    }
  }

  private JsonNode route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String[] parts = exchange.getRequestURI().getRawPath().split("/");
    // parts[0] is "" and parts[1] is "_local".
    String path = String.join("/", java.util.Arrays.copyOfRange(parts, 2, parts.length));
    Map<String, String> query = queryParameters(exchange.getRequestURI().getRawQuery());
    if (method.equals("GET") && path.equals("health")) {
      return Json.MAPPER.createObjectNode().put("status", "UP");
    }
    if (method.equals("GET") && path.equals("databases")) {
      return databases();
    }
    if (path.equals("faults")) {
      if (method.equals("PUT") || method.equals("POST")) {
        updateFaults(Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes()));
      }
      return faultsJson();
    }
    if (method.equals("POST") && path.equals("reset")) {
      catalog.clear();
      faults.reset();
      return Json.MAPPER.createObjectNode().put("reset", true);
    }
    if (method.equals("GET")
        && parts.length == 7
        && parts[2].equals("databases")
        && parts[4].equals("tables")) {
      Table table = catalog.table(decode(parts[3]), decode(parts[5]));
      if (parts[6].equals("rows")) {
        return rows(table, toRowQuery(query));
      }
      if (parts[6].equals("magnetic-rejections")) {
        return magneticRejections(table);
      }
    }
    throw new NoEndpointException("No endpoint at " + method + " /_local/" + path);
  }

  private JsonNode databases() {
    ObjectNode response = Json.MAPPER.createObjectNode();
    ArrayNode array = response.putArray("databases");
    for (Database database : catalog.databases()) {
      ObjectNode db = array.addObject().put("name", database.name());
      ArrayNode tables = db.putArray("tables");
      for (Table table : catalog.tables(database.name())) {
        tables.addObject().put("name", table.name()).put("rowCount", table.rowCount());
      }
    }
    return response;
  }

  private static JsonNode rows(Table table, RowQuery query) {
    RowPage page = table.rows(query);
    ObjectNode response =
        Json.MAPPER
            .createObjectNode()
            .put("database", table.databaseName())
            .put("table", table.name())
            .put("count", page.count());
    ArrayNode array = response.putArray("rows");
    page.rows().forEach(row -> array.add(RowJson.toJson(row)));
    return response;
  }

  private static JsonNode magneticRejections(Table table) {
    ObjectNode response = Json.MAPPER.createObjectNode();
    ArrayNode array = response.putArray("rejections");
    for (MagneticRejection r : table.magneticRejections()) {
      array
          .addObject()
          .put("reason", r.reason())
          .put("existingVersion", r.existingVersion())
          .set("record", RowJson.toJson(r.row()));
    }
    response.put("count", array.size());
    return response;
  }

  private void updateFaults(JsonNode body) {
    FaultSettings current = faults.settings();
    faults.settings(
        new FaultSettings(
            body.path("latencyMs").asLong(current.latencyMs()),
            body.path("jitterMs").asLong(current.jitterMs()),
            body.path("throttleProbability").asDouble(current.throttleProbability()),
            body.path("internalErrorProbability").asDouble(current.internalErrorProbability())));
    if (body.has("failNext")) {
      String with = body.path("failNextWith").asText("InternalServerException");
      FaultInjector.Failure failure =
          switch (with) {
            case "ThrottlingException" -> FaultInjector.Failure.THROTTLING;
            case "InternalServerException" -> FaultInjector.Failure.INTERNAL_ERROR;
            default ->
                throw new IllegalArgumentException(
                    "failNextWith must be ThrottlingException or InternalServerException, was "
                        + with);
          };
      faults.failNext(body.get("failNext").asInt(), failure);
    }
  }

  private JsonNode faultsJson() {
    FaultSettings s = faults.settings();
    return Json.MAPPER
        .createObjectNode()
        .put("latencyMs", s.latencyMs())
        .put("jitterMs", s.jitterMs())
        .put("throttleProbability", s.throttleProbability())
        .put("internalErrorProbability", s.internalErrorProbability())
        .put("failNext", faults.pendingFailures())
        .put("injectedFailures", faults.injectedFailures());
  }

  private static RowQuery toRowQuery(Map<String, String> query) {
    String limit = query.get("limit");
    return new RowQuery(
        query.get("measureName"),
        toNanos(query.get("from")),
        toNanos(query.get("to")),
        limit == null ? Integer.MAX_VALUE : Integer.parseInt(limit));
  }

  /** An ISO-8601 instant or epoch milliseconds, as epoch nanoseconds. */
  private static Long toNanos(String value) {
    if (value == null) {
      return null;
    }
    if (value.matches("-?\\d+")) {
      return Math.multiplyExact(Long.parseLong(value), 1_000_000L);
    }
    try {
      Instant instant = Instant.parse(value);
      return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Time '" + value + "' is neither epoch milliseconds nor an ISO-8601 instant.");
    }
  }

  private static Map<String, String> queryParameters(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
      }
    }
    return params;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static ObjectNode error(String message) {
    return Json.MAPPER.createObjectNode().put("error", message);
  }
}
