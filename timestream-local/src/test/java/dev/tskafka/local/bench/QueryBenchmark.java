package dev.tskafka.local.bench;

import dev.tskafka.local.TimestreamLocal;
import dev.tskafka.local.store.Catalog;
import dev.tskafka.local.store.Dimension;
import dev.tskafka.local.store.MeasureValue;
import dev.tskafka.local.store.MeasureValueType;
import dev.tskafka.local.store.RetentionProperties;
import dev.tskafka.local.store.SeriesKey;
import dev.tskafka.local.store.StoredRow;
import dev.tskafka.local.store.Table;
import dev.tskafka.local.store.TableSettings;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.timestreamquery.TimestreamQueryClient;
import software.amazon.awssdk.services.timestreamquery.model.QueryResponse;

/**
 * How long the seed document's eight queries take over tables of 1,000,000 stored rows each,
 * through the SDK's query client and timestream-local's HTTP endpoint (parse, plan, scan, JSON).
 * Rows are put into the store directly (this measures queries, not ingest), spread over the last 23
 * hours. Each query runs {@code --warmup} times uncounted, then {@code --runs} times; prints the
 * median, fastest and slowest milliseconds and the rows returned. Never asserts a speed.
 *
 * <p>Run: see docs/benchmarks.md ("timestream-local: the seed's queries").
 */
public final class QueryBenchmark {
  private static final long HOUR = 3_600_000L;
  private static final long SPAN = 23 * HOUR;

  private QueryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = intArg(args, "--rows", 1_000_000);
    int warmup = intArg(args, "--warmup", 3);
    int runs = intArg(args, "--runs", 9);
    try (TimestreamLocal local = TimestreamLocal.builder().start();
        TimestreamQueryClient client =
            TimestreamQueryClient.builder()
                .endpointOverride(local.endpoint())
                .endpointDiscoveryEnabled(false)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
      long loadStart = System.nanoTime();
      load(local.catalog(), rows);
      System.out.printf(
          Locale.ROOT,
          "timestream-local queries: 4 tables of %,d rows each (loaded in %.1f s), %d warm-up and"
              + " %d counted runs per query, %d cores, max heap %d MB%n",
          rows,
          (System.nanoTime() - loadStart) / 1e9,
          warmup,
          runs,
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf(Locale.ROOT, "heap used after load and GC: %d MB%n", usedAfterGc());
      boolean first = true;
      for (Map.Entry<String, String> q : queries().entrySet()) {
        if (first) {
          long start = System.nanoTime();
          client.query(b -> b.queryString(q.getValue()));
          System.out.printf(
              Locale.ROOT,
              "first query in this JVM (%s, includes the engine's start and the table's view):"
                  + " %.0f ms%n",
              q.getKey(),
              (System.nanoTime() - start) / 1e6);
          first = false;
        }
        for (int i = 0; i < warmup; i++) {
          client.query(b -> b.queryString(q.getValue()));
        }
        double[] ms = new double[runs];
        int returned = 0;
        for (int i = 0; i < runs; i++) {
          long start = System.nanoTime();
          QueryResponse response = client.query(b -> b.queryString(q.getValue()));
          ms[i] = (System.nanoTime() - start) / 1e6;
          returned = response.rows().size();
        }
        Arrays.sort(ms);
        System.out.printf(
            Locale.ROOT,
            "%-14s median %6.0f ms  (fastest %6.0f, slowest %6.0f)  rows %d%n",
            q.getKey(),
            ms[runs / 2],
            ms[0],
            ms[runs - 1],
            returned);
      }
      System.out.printf(Locale.ROOT, "heap used after the queries and GC: %d MB%n", usedAfterGc());
    }
  }

  private static long usedAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
  }

  /** The seed's queries, as its Python fills them in (IoT table for the analytics ones). */
  static Map<String, String> queries() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put(
        "1 sensor",
        "SELECT device_id, location, time, measure_value::double as temperature,"
            + " measure_value::double as humidity FROM \"IoTDatabase\".\"SensorData\""
            + " WHERE device_id = 'sensor_001' AND time > ago(1h)"
            + " AND measure_name IN ('temperature', 'humidity') ORDER BY time DESC");
    q.put(
        "2 p99",
        "SELECT service, endpoint, approx_percentile(latency_ms, 0.99) as p99_latency,"
            + " approx_percentile(latency_ms, 0.95) as p95_latency, avg(latency_ms) as avg_latency,"
            + " count(*) as request_count FROM \"ApplicationMetrics\".\"APIMetrics\""
            + " WHERE service = 'web-api' AND time > ago(10m) GROUP BY service, endpoint"
            + " ORDER BY p99_latency DESC");
    q.put(
        "3 moving avg",
        "WITH binned_data AS (SELECT symbol, bin(time, 15m) as time_bucket,"
            + " avg(measure_value::double) as avg_price FROM \"FinancialData\".\"StockPrices\""
            + " WHERE symbol = 'AAPL' AND measure_name = 'price' AND time > ago(24h)"
            + " GROUP BY symbol, bin(time, 15m)) SELECT symbol, time_bucket, avg_price,"
            + " LAG(avg_price, 1) OVER (ORDER BY time_bucket) as prev_price,"
            + " avg_price - LAG(avg_price, 1) OVER (ORDER BY time_bucket) as price_change"
            + " FROM binned_data ORDER BY time_bucket DESC");
    q.put(
        "4 cpu > 80",
        "SELECT hostname, time, measure_value::double as cpu_percent"
            + " FROM \"DevOpsMetrics\".\"SystemMetrics\" WHERE measure_name = 'cpu_percent'"
            + " AND measure_value::double > 80 AND time > ago(1h) ORDER BY time DESC");
    String iot = "\"IoTDatabase\".\"SensorData\"";
    q.put(
        "5 interpolate",
        "SELECT interpolate_linear(create_time_series(time, measure_value::double),"
            + " SEQUENCE(ago(1h), now(), 1m)) as interpolated_values FROM "
            + iot
            + " WHERE measure_name = 'temperature'");
    q.put(
        "6 3-sigma",
        "WITH stats AS (SELECT avg(measure_value::double) as mean,"
            + " stddev(measure_value::double) as stddev FROM "
            + iot
            + " WHERE time > ago(24h) AND measure_name = 'temperature')"
            + " SELECT time, measure_value::double as value, stats.mean, stats.stddev FROM "
            + iot
            + ", stats WHERE measure_name = 'temperature' AND time > ago(1h)"
            + " AND ABS(measure_value::double - stats.mean) > 3 * stats.stddev");
    q.put(
        "7 windowed",
        "SELECT bin(time, 5m) as time_window, avg(measure_value::double) as avg_value,"
            + " min(measure_value::double) as min_value, max(measure_value::double) as max_value,"
            + " count(*) as data_points FROM "
            + iot
            + " WHERE measure_name = 'temperature' AND time > ago(1h) GROUP BY bin(time, 5m)"
            + " ORDER BY time_window DESC");
    q.put(
        "8 comparison",
        "WITH current_period AS (SELECT avg(measure_value::double) as current_avg FROM "
            + iot
            + " WHERE time > ago(1h)), previous_period AS (SELECT avg(measure_value::double) as"
            + " previous_avg FROM "
            + iot
            + " WHERE time BETWEEN ago(2h) AND ago(1h)) SELECT current_avg, previous_avg,"
            + " (current_avg - previous_avg) / previous_avg * 100 as percent_change"
            + " FROM current_period, previous_period");
    return q;
  }

  /** Four tables of {@code rows} rows each, times spread over the last 23 hours. */
  private static void load(Catalog catalog, int rows) {
    Instant now = Instant.now();
    long end = now.toEpochMilli() - 1000;
    Random random = new Random(7);
    TableSettings day =
        new TableSettings(
            new RetentionProperties(24, 365), false, null, TableSettings.DEFAULT.schema());
    // IoT: 100 sensors x (temperature, humidity).
    Table sensors = table(catalog, "IoTDatabase", "SensorData", day, now);
    int perSeries = rows / 200;
    List<StoredRow> batch = new ArrayList<>();
    for (int d = 0; d < 100; d++) {
      SeriesKey key =
          SeriesKey.of(
              new Dimension("device_id", String.format(Locale.ROOT, "sensor_%03d", d)),
              new Dimension("location", "warehouse_" + d % 5));
      for (int i = 0; i < perSeries; i++) {
        long t = end - SPAN + SPAN * i / perSeries + d;
        batch.add(single(key, "temperature", t, 20 + random.nextGaussian()));
        batch.add(single(key, "humidity", t, 60 + random.nextGaussian() * 3));
      }
      flush(catalog, sensors, batch);
    }
    // API: multi-measure latency_ms, 3 endpoints.
    Table api = table(catalog, "ApplicationMetrics", "APIMetrics", day, now);
    String[] endpoints = {"/api/users", "/api/orders", "/api/products"};
    for (int i = 0; i < rows; i++) {
      SeriesKey key =
          SeriesKey.of(
              new Dimension("service", "web-api"),
              new Dimension("endpoint", endpoints[i % 3]),
              new Dimension("status_code", i % 10 == 0 ? "500" : "200"));
      long t = end - SPAN + SPAN * (long) i / rows;
      batch.add(
          new StoredRow(
              key,
              "api",
              t * 1_000_000L,
              MeasureValueType.MULTI,
              null,
              List.of(
                  new MeasureValue(
                      "latency_ms",
                      MeasureValueType.DOUBLE,
                      Double.toString(10 + random.nextDouble() * 990))),
              1,
              false));
      if (batch.size() == 10_000) {
        flush(catalog, api, batch);
      }
    }
    flush(catalog, api, batch);
    // Prices: 10 symbols; hosts: 100 hosts.
    Table prices = table(catalog, "FinancialData", "StockPrices", day, now);
    String[] symbols = {
      "AAPL", "GOOGL", "MSFT", "AMZN", "META", "NVDA", "TSLA", "IBM", "ORCL", "SAP"
    };
    for (int s = 0; s < symbols.length; s++) {
      SeriesKey key = SeriesKey.of(new Dimension("symbol", symbols[s]));
      for (int i = 0; i < rows / symbols.length; i++) {
        long t = end - SPAN + SPAN * i / (rows / symbols.length) + s;
        batch.add(single(key, "price", t, 150 + s * 10 + random.nextGaussian()));
      }
      flush(catalog, prices, batch);
    }
    Table hosts = table(catalog, "DevOpsMetrics", "SystemMetrics", day, now);
    for (int h = 0; h < 100; h++) {
      SeriesKey key =
          SeriesKey.of(
              new Dimension("hostname", "web-server-" + h), new Dimension("region", "us-east-1"));
      for (int i = 0; i < rows / 100; i++) {
        long t = end - SPAN + SPAN * i / (rows / 100) + h;
        batch.add(single(key, "cpu_percent", t, 50 + random.nextGaussian() * 15));
      }
      flush(catalog, hosts, batch);
    }
  }

  private static Table table(
      Catalog catalog, String database, String name, TableSettings settings, Instant now) {
    catalog.createDatabase(database, null, Map.of(), now);
    return catalog.createTable(database, name, settings, Map.of(), now);
  }

  private static StoredRow single(SeriesKey key, String measure, long timeMs, double value) {
    return new StoredRow(
        key,
        measure,
        timeMs * 1_000_000L,
        MeasureValueType.DOUBLE,
        Double.toString(value),
        null,
        1,
        false);
  }

  private static void flush(Catalog catalog, Table table, List<StoredRow> batch) {
    catalog.write(table, batch);
    batch.clear();
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
