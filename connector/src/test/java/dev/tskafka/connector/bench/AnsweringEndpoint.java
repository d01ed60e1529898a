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
  private static final byte[] RECORDS_KEY = "Records".getBytes(StandardCharsets.UTF_8);

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
        int records = countRecords(body);
        counts.computeIfAbsent(names(body).table, t -> new LongAdder()).add(records);
        answer(
            exchange,
            200,
            "{\"RecordsIngested\":{\"Total\":"
                + records
                + ",\"MemoryStore\":"
                + records
                + ",\"MagneticStore\":0}}");
      }
      case "Timestream_20181101.DescribeTable" -> {
        Names call = names(body);
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

  /** The database and table a WriteRecords or DescribeTable body names. */
  private record Names(String database, String table) {}

  /** Reads the body's names with Jackson, stopping once it has both (they come first). */
  private static Names names(byte[] body) throws IOException {
    String database = null;
    String table = null;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("body is not a JSON object");
      }
      while ((database == null || table == null) && p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("DatabaseName")) {
          database = p.getText();
        } else if (field.equals("TableName")) {
          table = p.getText();
        } else {
          p.skipChildren();
        }
      }
    }
    return new Names(database == null ? "" : database, table == null ? "" : table);
  }

  /**
   * The number of objects in the body's top-level {@code Records} array, from one pass over its
   * bytes (strings skipped, escapes honoured). Jackson's tokenizer took a third of this endpoint's
   * CPU, which the benchmark's two cores share with the worker; this scan takes a fraction of it.
   */
  static int countRecords(byte[] body) {
    int depth = 0;
    int count = 0;
    boolean recordsNext = false; // the key "Records" was just read at the top level
    int recordsDepth = -1; // the depth inside the Records array, while in it
    for (int i = 0; i < body.length; i++) {
      byte b = body[i];
      switch (b) {
        case '"' -> {
          int end = stringEnd(body, i);
          if (depth == 1
              && recordsDepth < 0
              && end - i == RECORDS_KEY.length + 1
              && java.util.Arrays.equals(body, i + 1, end, RECORDS_KEY, 0, RECORDS_KEY.length)) {
            recordsNext = true;
          }
          i = end;
        }
        case '[', '{' -> {
          depth++;
          if (b == '[' && recordsNext) {
            recordsDepth = depth;
          } else if (b == '{' && depth == recordsDepth + 1) {
            count++;
          }
          recordsNext = false;
        }
        case ']', '}' -> {
          if (depth == recordsDepth) {
            recordsDepth = Integer.MAX_VALUE; // closed: later arrays named Records do not count
          }
          depth--;
        }
        case ',' -> recordsNext = false;
        default -> {
          // ':' and whitespace keep recordsNext; values are skipped
        }
      }
    }
    return count;
  }

  /** The index of the quote that closes the string opened at {@code start}. */
  private static int stringEnd(byte[] body, int start) {
    for (int i = start + 1; i < body.length; i++) {
      if (body[i] == '\\') {
        i++;
      } else if (body[i] == '"') {
        return i;
      }
    }
    throw new IllegalArgumentException("unterminated string");
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", JSON_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
