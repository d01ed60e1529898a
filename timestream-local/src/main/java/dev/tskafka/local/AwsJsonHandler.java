package dev.tskafka.local;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.tskafka.local.control.ControlPlane;
import dev.tskafka.local.faults.FaultInjector;
import dev.tskafka.local.protocol.Json;
import dev.tskafka.local.protocol.ServiceException;
import dev.tskafka.local.query.QueryApi;
import dev.tskafka.local.store.CatalogException;
import dev.tskafka.local.write.WriteRecords;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The awsJson1_0 front door: {@code POST /} with {@code X-Amz-Target: Timestream_20181101.<Op>},
 * for the Write and the Query API alike (they share the target prefix; DescribeEndpoints serves
 * both). Every answer, refusals included, is the service's JSON shape; never a stack trace or a
 * dropped connection.
 */
public final class AwsJsonHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(AwsJsonHandler.class);
  private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final String TARGET_PREFIX = "Timestream_20181101.";

  /** The most of a refused body read and dropped before answering; beyond it the server closes. */
  private static final long MAX_DISCARDED_BYTES = 64L << 20;

  private final Map<String, Function<byte[], ObjectNode>> operations;
  private final ControlPlane controlPlane;
  private final FaultInjector faults;
  private final int maxBodyBytes;

  public AwsJsonHandler(
      ControlPlane controlPlane,
      WriteRecords writeRecords,
      QueryApi queryApi,
      FaultInjector faults,
      int maxBodyBytes) {
    this.controlPlane = controlPlane;
    this.faults = faults;
    this.maxBodyBytes = maxBodyBytes;
    this.operations =
        Map.ofEntries(
            Map.entry("CreateDatabase", json(controlPlane::createDatabase)),
            Map.entry("DescribeDatabase", json(controlPlane::describeDatabase)),
            Map.entry("UpdateDatabase", json(controlPlane::updateDatabase)),
            Map.entry("ListDatabases", json(controlPlane::listDatabases)),
            Map.entry("DeleteDatabase", json(controlPlane::deleteDatabase)),
            Map.entry("CreateTable", json(controlPlane::createTable)),
            Map.entry("DescribeTable", json(controlPlane::describeTable)),
            Map.entry("UpdateTable", json(controlPlane::updateTable)),
            Map.entry("ListTables", json(controlPlane::listTables)),
            Map.entry("DeleteTable", json(controlPlane::deleteTable)),
            Map.entry("WriteRecords", writeRecords::handle),
            Map.entry("Query", json(queryApi::query)),
            Map.entry("CancelQuery", json(queryApi::cancelQuery)),
            Map.entry("PrepareQuery", json(queryApi::prepareQuery)));
  }

  /** An operation that takes its request as a JSON tree. */
  private static Function<byte[], ObjectNode> json(Function<JsonNode, ObjectNode> operation) {
    return body -> operation.apply(parse(body));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      ObjectNode response;
      ServiceException error = null;
      try {
        response = dispatch(exchange);
      } catch (ServiceException e) {
        error = e;
        response = e.toBody();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error = ServiceException.internal("The server is shutting down.");
        response = error.toBody();
      } catch (RuntimeException e) {
        log.error(
            "Unexpected failure handling {}",
            exchange.getRequestHeaders().getFirst("X-Amz-Target"),
            e);
        error = ServiceException.internal("Internal server error: " + e);
        response = error.toBody();
      }
      byte[] body = Json.MAPPER.writeValueAsBytes(response);
      var headers = exchange.getResponseHeaders();
      headers.set("Content-Type", CONTENT_TYPE);
      headers.set("x-amzn-RequestId", UUID.randomUUID().toString());
      if (error != null) {
        headers.set("x-amzn-ErrorType", error.code());
      }
      exchange.sendResponseHeaders(error == null ? 200 : error.status(), body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private ObjectNode dispatch(HttpExchange exchange) throws IOException, InterruptedException {
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (!"POST".equals(exchange.getRequestMethod())
        || !"/".equals(exchange.getRequestURI().getPath())) {
      throw ServiceException.unknownOperation(
          "No operation at "
              + exchange.getRequestMethod()
              + " "
              + exchange.getRequestURI().getPath()
              + ".");
    }
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null
        || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith(CONTENT_TYPE)) {
      throw ServiceException.serialization(
          "Content-Type must be " + CONTENT_TYPE + ", was " + contentType + ".");
    }
    if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
      throw ServiceException.missingAuthentication();
    }
    String operation =
        target != null && target.startsWith(TARGET_PREFIX)
            ? target.substring(TARGET_PREFIX.length())
            : null;
    if (operation == null
        || !(operations.containsKey(operation) || operation.equals("DescribeEndpoints"))) {
      throw ServiceException.unknownOperation("Unknown operation: X-Amz-Target " + target + ".");
    }
    byte[] body = readBody(exchange);
    faults.beforeRequest();
    if (operation.equals("DescribeEndpoints")) {
      String host = exchange.getRequestHeaders().getFirst("Host");
      return controlPlane.describeEndpoints(
          host == null ? "localhost" : host.replaceFirst(":\\d+$", ""));
    }
    try {
      return operations.get(operation).apply(body);
    } catch (CatalogException e) {
      throw toServiceException(e);
    }
  }

  private byte[] readBody(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    long length = -1;
    try {
      length = declared == null ? -1 : Long.parseLong(declared.trim());
    } catch (NumberFormatException e) {
      throw ServiceException.serialization("Content-Length is not a number: " + declared + ".");
    }
    if (length > maxBodyBytes) {
      discard(in);
      throw ServiceException.requestTooLarge(maxBodyBytes);
    }
    if (length >= 0) {
      // Exactly sized: no buffer growth on the hot path.
      byte[] body = new byte[(int) length];
      if (in.readNBytes(body, 0, body.length) < length) {
        throw ServiceException.serialization("The request body ended before Content-Length.");
      }
      return body;
    }
    byte[] bytes = in.readNBytes(maxBodyBytes + 1);
    if (bytes.length > maxBodyBytes) {
      discard(in);
      throw ServiceException.requestTooLarge(maxBodyBytes);
    }
    return bytes;
  }

  /**
   * Reads and drops the rest of a refused body (up to {@link #MAX_DISCARDED_BYTES}), so that the
   * answer reaches the client and the connection stays usable: the JDK server drains only 64 KB on
   * its own and closes the connection beyond that, and a client still sending then sees a reset
   * instead of the 413.
   */
  private static void discard(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    long left = MAX_DISCARDED_BYTES;
    int n;
    while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
      left -= n;
    }
  }

  private static JsonNode parse(byte[] bytes) {
    if (bytes.length == 0) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      JsonNode node = Json.MAPPER.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw ServiceException.serialization("The request body must be a JSON object.");
      }
      return node;
    } catch (JacksonException e) {
      throw ServiceException.serialization(
          "The request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ServiceException.serialization("The request body could not be read.");
    }
  }

  static ServiceException toServiceException(CatalogException e) {
    return switch (e.kind()) {
      case NOT_FOUND -> ServiceException.resourceNotFound(e.getMessage());
      case CONFLICT -> ServiceException.conflict(e.getMessage());
      case VALIDATION -> ServiceException.validation(e.getMessage());
      case QUOTA_EXCEEDED -> ServiceException.serviceQuotaExceeded(e.getMessage());
    };
  }
}
