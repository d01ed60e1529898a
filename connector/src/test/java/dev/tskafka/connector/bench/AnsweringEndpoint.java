package dev.tskafka.connector.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Timestream Write endpoint for the stock-worker benchmark that answers at once (or after an
 * injected latency) and keeps nothing but a count: what the service costs the connector's machine,
 * which is nothing. It reads each WriteRecords body with Jackson's streaming parser to count its
 * records (and answers {@code RecordsIngested} with that count, as the service does), answers
 * DescribeTable for any table, and refuses every other operation. timestream-local, which checks
 * and stores every record, shares the benchmark's two cores with the worker; this endpoint takes
 * about a tenth of its CPU per record.
 *
 * <p>Control, on the same port: {@code PUT /_bench/latency} with a number of milliseconds, {@code
 * GET /_bench/count?table=T} for the records counted for a table, {@code POST /_bench/reset}.
 */
public final class AnsweringEndpoint {
  private static final String JSON_TYPE = "application/x-amz-json-1.0";
  private static final JsonFactory JSON = new JsonFactory();

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final AtomicLong latencyMs = new AtomicLong();
  private final HttpServer server;

  AnsweringEndpoint(int port, int threads) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
    server.setExecutor(Executors.newFixedThreadPool(threads));
    server.createContext("/", this::handle);
  }

  public static void main(String[] args) throws IOException {
    int port = 0;
    int threads = 256;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    AnsweringEndpoint endpoint = new AnsweringEndpoint(port, threads);
    endpoint.server.start();
    System.out.println(
        "answering-endpoint ready endpoint=http://127.0.0.1:"
            + endpoint.server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        serve(exchange);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        answer(exchange, 400, "{\"__type\":\"ValidationException\",\"message\":\"" + e + "\"}");
      }
    }
  }

  private void serve(HttpExchange exchange) throws IOException, InterruptedException {
    String path = exchange.getRequestURI().getPath();
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (path.startsWith("/_bench/")) {
      control(exchange, path, new String(body, StandardCharsets.UTF_8).trim());
      return;
    }
    String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
    switch (target) {
      case "Timestream_20181101.WriteRecords" -> {
        long delay = latencyMs.get();
        if (delay > 0) {
          Thread.sleep(delay);
        }
        WriteCall call = parse(body);
        counts.computeIfAbsent(call.table, t -> new LongAdder()).add(call.records);
        answer(
            exchange,
            200,
            "{\"RecordsIngested\":{\"Total\":"
                + call.records
                + ",\"MemoryStore\":"
                + call.records
                + ",\"MagneticStore\":0}}");
      }
      case "Timestream_20181101.DescribeTable" -> {
        WriteCall call = parse(body);
        answer(
            exchange,
            200,
            "{\"Table\":{\"DatabaseName\":\""
                + call.database
                + "\",\"TableName\":\""
                + call.table
                + "\",\"TableStatus\":\"ACTIVE\"}}");
      }
      default ->
          answer(
              exchange,
              400,
              "{\"__type\":\"UnknownOperationException\",\"message\":\"not answered here: "
                  + target
                  + "\"}");
    }
  }

  private void control(HttpExchange exchange, String path, String body) throws IOException {
    switch (path) {
      case "/_bench/latency" -> {
        latencyMs.set(Long.parseLong(body));
        answer(exchange, 200, "{}");
      }
      case "/_bench/reset" -> {
        counts.clear();
        answer(exchange, 200, "{}");
      }
      case "/_bench/count" -> {
        String query = String.valueOf(exchange.getRequestURI().getQuery());
        String table = query.startsWith("table=") ? query.substring("table=".length()) : "";
        LongAdder count = counts.get(table);
        answer(exchange, 200, Long.toString(count == null ? 0 : count.sum()));
      }
      default -> answer(exchange, 404, "{}");
    }
  }

  /** The names and the number of records of a WriteRecords (or DescribeTable) body. */
  private record WriteCall(String database, String table, int records) {}

  private static WriteCall parse(byte[] body) throws IOException {
    String database = "";
    String table = "";
    int records = 0;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("body is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("DatabaseName")) {
          database = p.getText();
        } else if (field.equals("TableName")) {
          table = p.getText();
        } else if (field.equals("Records") && value == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            records++;
            p.skipChildren();
          }
        } else {
          p.skipChildren();
        }
      }
    }
    return new WriteCall(database, table, records);
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", JSON_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
