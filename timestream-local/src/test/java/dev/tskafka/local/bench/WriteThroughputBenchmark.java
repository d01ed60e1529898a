package dev.tskafka.local.bench;

import dev.tskafka.local.TimestreamLocal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many single-measure records per second timestream-local ingests through its HTTP endpoint.
 * Clients send pre-built WriteRecords bodies of 100 records (distinct series and times, so every
 * record is a new point) over keep-alive connections, so the figure is the server's, not a client's
 * marshalling. Prints one line per round and a summary; never asserts a speed.
 *
 * <p>Run: {@code mvn -B -q -pl timestream-local test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tskafka.local.bench.WriteThroughputBenchmark [-Dexec.args="--records 2000000
 * --connections 4 --rounds 3"]}
 */
public final class WriteThroughputBenchmark {
  private static final int RECORDS_PER_REQUEST = 100;

  private WriteThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = intArg(args, "--records", 2_000_000);
    int connections = intArg(args, "--connections", 4);
    int rounds = intArg(args, "--rounds", 3);
    try (TimestreamLocal local = TimestreamLocal.builder().start()) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI endpoint = local.endpoint().resolve("/");
      System.out.printf(
          "timestream-local WriteRecords throughput: %d connections, %d records/request, %,d records"
              + " per round, %d cores%n",
          connections, RECORDS_PER_REQUEST, records, Runtime.getRuntime().availableProcessors());
      List<Double> rates = new ArrayList<>();
      for (int round = 0; round <= rounds; round++) {
        local.reset();
        send(http, endpoint, "CreateDatabase", "{\"DatabaseName\":\"bench\"}");
        send(http, endpoint, "CreateTable", "{\"DatabaseName\":\"bench\",\"TableName\":\"cpu\"}");
        int requests = (round == 0 ? records / 4 : records) / RECORDS_PER_REQUEST;
        double rate = runRound(http, endpoint, connections, requests);
        long stored = local.catalog().table("bench", "cpu").rowCount();
        if (round == 0) {
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

  private static double runRound(HttpClient http, URI endpoint, int connections, int requests)
      throws Exception {
    long baseMs = System.currentTimeMillis() - 60_000;
    // Bodies are built before the clock starts: the figure is the server's work, not the client's.
    List<byte[]> bodies = new ArrayList<>(requests);
    for (int r = 0; r < requests; r++) {
      bodies.add(body((long) r * RECORDS_PER_REQUEST, baseMs).getBytes(StandardCharsets.UTF_8));
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    List<Future<?>> senders = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      senders.add(
          pool.submit(
              () -> {
                for (int r = next.getAndIncrement(); r < requests; r = next.getAndIncrement()) {
                  HttpResponse<String> response =
                      send(http, endpoint, "WriteRecords", bodies.get(r));
                  if (response.statusCode() != 200) {
                    throw new IllegalStateException("WriteRecords answered " + response.body());
                  }
                }
                return null;
              }));
    }
    for (Future<?> sender : senders) {
      sender.get();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return (double) requests * RECORDS_PER_REQUEST / elapsed;
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

  private static HttpResponse<String> send(
      HttpClient http, URI endpoint, String operation, String body) throws Exception {
    return send(http, endpoint, operation, body.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> send(
      HttpClient http, URI endpoint, String operation, byte[] body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Target", "Timestream_20181101." + operation)
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=BENCH/20260101/us-east-1/timestream/aws4_request")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
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
