package dev.tskafka.local.bench;

import dev.tskafka.local.TimestreamLocal;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many single-measure records per second timestream-local ingests through its HTTP endpoint.
 * Clients send pre-built WriteRecords requests of 100 records (distinct series and times, so every
 * record is a new point) over keep-alive connections, so the figure is the server's, not a client's
 * marshalling. The client is a minimal blocking HTTP/1.1 one over plain sockets: it shares the
 * machine's cores with the server, and java.net.http took a large share of them. Warm-up rounds
 * (JIT) are not counted; the store is reset before each round. The heap is not collected between
 * rounds: the young collections that copy the rows being stored fall inside the rounds, as in a
 * sustained ingest. Prints one line per round and a summary; checks every response and the stored
 * row count, never asserts a speed.
 *
 * <p>Run: {@code mvn -B -q -pl timestream-local test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tskafka.local.bench.WriteThroughputBenchmark [-Dexec.args="--records 2000000
 * --connections 4 --warmup-rounds 3 --rounds 3"]}
 */
public final class WriteThroughputBenchmark {
  private static final int RECORDS_PER_REQUEST = 100;

  private WriteThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = intArg(args, "--records", 2_000_000);
    int connections = intArg(args, "--connections", 4);
    int warmupRounds = intArg(args, "--warmup-rounds", 3);
    int rounds = intArg(args, "--rounds", 3);
    try (TimestreamLocal local = TimestreamLocal.builder().start()) {
      URI endpoint = local.endpoint();
      System.out.printf(
          "timestream-local WriteRecords throughput: %d connections, %d records/request, %,d records"
              + " per round, %d warm-up rounds, %d cores%n",
          connections,
          RECORDS_PER_REQUEST,
          records,
          warmupRounds,
          Runtime.getRuntime().availableProcessors());
      // Built once, before any clock starts: the figure is the server's work, not the client's.
      // Times are a minute old, well inside the memory store's window for the whole run.
      long baseMs = System.currentTimeMillis() - 60_000;
      List<byte[]> requests = new ArrayList<>(records / RECORDS_PER_REQUEST);
      for (int r = 0; r < records / RECORDS_PER_REQUEST; r++) {
        requests.add(
            request(endpoint, "WriteRecords", body((long) r * RECORDS_PER_REQUEST, baseMs)));
      }
      List<Double> rates = new ArrayList<>();
      for (int round = 1 - warmupRounds; round <= rounds; round++) {
        local.reset();
        try (Connection control = new Connection(endpoint)) {
          control.send(request(endpoint, "CreateDatabase", "{\"DatabaseName\":\"bench\"}"));
          control.send(
              request(
                  endpoint, "CreateTable", "{\"DatabaseName\":\"bench\",\"TableName\":\"cpu\"}"));
        }
        double rate = runRound(endpoint, connections, requests);
        long stored = local.catalog().table("bench", "cpu").rowCount();
        if (stored != (long) requests.size() * RECORDS_PER_REQUEST) {
          throw new IllegalStateException("Only " + stored + " rows were stored");
        }
        if (round <= 0) {
          System.out.printf("warm-up: %,.0f records/s (%,d rows stored)%n", rate, stored);
        } else {
          rates.add(rate);
          System.out.printf("round %d: %,.0f records/s (%,d rows stored)%n", round, rate, stored);
        }
      }
      rates.sort(Double::compare);
      System.out.printf(
          "median %,.0f records/s, min %,.0f, max %,.0f%n",
          rates.get(rates.size() / 2), rates.get(0), rates.get(rates.size() - 1));
    }
  }

  private static double runRound(URI endpoint, int connections, List<byte[]> requests)
      throws Exception {
    List<Connection> opened = new ArrayList<>(connections);
    for (int c = 0; c < connections; c++) {
      opened.add(new Connection(endpoint));
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    List<Future<?>> senders = new ArrayList<>();
    long start = System.nanoTime();
    for (Connection connection : opened) {
      senders.add(
          pool.submit(
              () -> {
                for (int r = next.getAndIncrement();
                    r < requests.size();
                    r = next.getAndIncrement()) {
                  connection.send(requests.get(r));
                }
                return null;
              }));
    }
    for (Future<?> sender : senders) {
      sender.get();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    for (Connection connection : opened) {
      connection.close();
    }
    return (double) requests.size() * RECORDS_PER_REQUEST / elapsed;
  }

  /** 100 records: series host-(n mod 1000), one point each, times unique within the round. */
  private static String body(long first, long baseMs) {
    StringBuilder sb = new StringBuilder(12_000);
    sb.append("{\"DatabaseName\":\"bench\",\"TableName\":\"cpu\",\"Records\":[");
    for (int i = 0; i < RECORDS_PER_REQUEST; i++) {
      long n = first + i;
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"Dimensions\":[{\"Name\":\"host\",\"Value\":\"host-")
          .append(n % 1000)
          .append("\"},{\"Name\":\"region\",\"Value\":\"eu-west-1\"}],\"MeasureName\":\"cpu\",")
          .append("\"MeasureValue\":\"")
          .append(n % 100)
          .append(".5\",\"MeasureValueType\":\"DOUBLE\",\"Time\":\"")
          .append(baseMs + n / 1000)
          .append("\"}");
    }
    return sb.append("]}").toString();
  }

  /** A complete HTTP/1.1 request (head and body) for an operation, as the SDK would send it. */
  private static byte[] request(URI endpoint, String operation, String body) {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST / HTTP/1.1\r\n"
            + "Host: "
            + endpoint.getHost()
            + ":"
            + endpoint.getPort()
            + "\r\n"
            + "Content-Type: application/x-amz-json-1.0\r\n"
            + "X-Amz-Target: Timestream_20181101."
            + operation
            + "\r\n"
            + "Authorization: AWS4-HMAC-SHA256"
            + " Credential=BENCH/20260101/us-east-1/timestream/aws4_request\r\n"
            + "Content-Length: "
            + content.length
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[headBytes.length + content.length];
    System.arraycopy(headBytes, 0, request, 0, headBytes.length);
    System.arraycopy(content, 0, request, headBytes.length, content.length);
    return request;
  }

  /**
   * A keep-alive HTTP/1.1 connection that sends one request at a time and reads its whole response,
   * which must be 200 with a Content-Length (as the JDK server answers).
   */
  private static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    Connection(URI endpoint) throws IOException {
      socket = new Socket(endpoint.getHost(), endpoint.getPort());
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream());
    }

    void send(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      String status = line();
      int contentLength = -1;
      for (String header = line(); !header.isEmpty(); header = line()) {
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          contentLength = Integer.parseInt(lower.substring("content-length:".length()).trim());
        }
      }
      if (contentLength < 0) {
        throw new IOException("Response without Content-Length: " + status);
      }
      byte[] body = in.readNBytes(contentLength);
      if (body.length < contentLength) {
        throw new EOFException("Response body ended early: " + status);
      }
      if (!status.startsWith("HTTP/1.1 200 ")) {
        throw new IllegalStateException(status + ": " + new String(body, StandardCharsets.UTF_8));
      }
    }

    /** One CRLF-terminated line of the response head, without the CRLF. */
    private String line() throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new EOFException("Connection closed in a response head");
        }
        if (b != '\r') {
          bytes.write(b);
        }
      }
      return bytes.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static int intArg(String[] args, String name, int defaultValue) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return defaultValue;
  }
}
