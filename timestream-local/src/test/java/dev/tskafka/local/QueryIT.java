package dev.tskafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.timestreamquery.TimestreamQueryClient;
import software.amazon.awssdk.services.timestreamquery.model.ColumnInfo;
import software.amazon.awssdk.services.timestreamquery.model.Datum;
import software.amazon.awssdk.services.timestreamquery.model.QueryRequest;
import software.amazon.awssdk.services.timestreamquery.model.QueryResponse;
import software.amazon.awssdk.services.timestreamquery.model.Row;
import software.amazon.awssdk.services.timestreamquery.model.ScalarType;
import software.amazon.awssdk.services.timestreamquery.model.ValidationException;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteClient;
import software.amazon.awssdk.services.timestreamwrite.model.CreateDatabaseRequest;
import software.amazon.awssdk.services.timestreamwrite.model.CreateTableRequest;
import software.amazon.awssdk.services.timestreamwrite.model.Dimension;
import software.amazon.awssdk.services.timestreamwrite.model.MeasureValue;
import software.amazon.awssdk.services.timestreamwrite.model.Record;
import software.amazon.awssdk.services.timestreamwrite.model.WriteRecordsRequest;

/**
 * The seed document's eight queries, verbatim (its Python f-strings filled in as its own calls fill
 * them), run through the AWS SDK's Timestream Query client against data written through the Write
 * API. Every expected value is computed here from the written points, not by SQL.
 *
 * <p>Data points sit at least 50 s from every ago() boundary a query has (each lies 50-59 s before
 * a whole minute counted back from the moment of writing), so the query's own now() may be up to 50
 * s after the write without moving a point across a boundary.
 */
class QueryIT {
  private static final long MINUTE = 60_000L;
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private static TimestreamLocal local;
  private static TimestreamWriteClient write;
  private static TimestreamQueryClient query;
  private static long writtenAt;

  /** A written single-measure point. */
  record Point(String series, String measure, long time, double value) {}

  private static final List<Point> sensors = new ArrayList<>();
  private static final List<Point> prices = new ArrayList<>();
  private static final List<Point> cpu = new ArrayList<>();

  /** endpoint -> latencies written in the last 10 minutes. */
  private static final Map<String, List<Double>> recentLatencies = new TreeMap<>();

  @BeforeAll
  static void writeTheSeedsScenarios() {
    local = TimestreamLocal.builder().start();
    write = LocalEndpoint.client(local.endpoint());
    query = LocalEndpoint.queryClient(local.endpoint());
    writtenAt = System.currentTimeMillis();
    Random random = new Random(42);

    // IoT: three sensors, temperature and humidity every minute for 3 h; sensor_002 runs hot
    // three times in the last hour.
    table("IoTDatabase", "SensorData", 24);
    for (int d = 0; d < 3; d++) {
      String device = String.format(Locale.ROOT, "sensor_%03d", d);
      List<Record> records = new ArrayList<>();
      for (int k = 0; k < 180; k++) {
        long t = pointTime(k, d);
        double temperature = round(20 + d * 0.5 + random.nextGaussian() * 0.3);
        if (d == 2 && (k == 10 || k == 25 || k == 40)) {
          temperature = 60.0;
        }
        double humidity = round(60 + d * 2 + random.nextGaussian());
        sensors.add(new Point(device, "temperature", t, temperature));
        sensors.add(new Point(device, "humidity", t, humidity));
        records.add(single(device, "temperature", t, temperature));
        records.add(single(device, "humidity", t, humidity));
      }
      writeAll(
          "IoTDatabase", "SensorData", records, "device_id", device, "location", "warehouse_1");
    }

    // API metrics: multi-measure latency_ms, 300 calls in the last 9 minutes and 100 older ones.
    table("ApplicationMetrics", "APIMetrics", 6);
    String[] endpoints = {"/api/users", "/api/orders", "/api/products"};
    List<Record> calls = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String endpoint = endpoints[random.nextInt(endpoints.length)];
      double latency = round(10 + random.nextDouble() * 990);
      boolean recent = i < 300;
      long t = recent ? writtenAt - MINUTE - i * 1_500L : writtenAt - 20 * MINUTE - i * 1_000L;
      if (recent) {
        recentLatencies.computeIfAbsent(endpoint, e -> new ArrayList<>()).add(latency);
      }
      calls.add(
          Record.builder()
              .dimensions(
                  dim("service", "web-api"),
                  dim("endpoint", endpoint),
                  dim("status_code", String.valueOf(200 + random.nextInt(2))))
              .measureName("api")
              .measureValueType("MULTI")
              .measureValues(
                  MeasureValue.builder()
                      .name("latency_ms")
                      .value(str(latency))
                      .type("DOUBLE")
                      .build())
              .time(Long.toString(t))
              .build());
    }
    writeAll("ApplicationMetrics", "APIMetrics", calls);

    // Prices: AAPL and MSFT every minute for 3 h.
    table("FinancialData", "StockPrices", 24);
    for (String symbol : List.of("AAPL", "MSFT")) {
      List<Record> records = new ArrayList<>();
      for (int k = 0; k < 180; k++) {
        long t = pointTime(k, 0);
        double price =
            round(150 + (symbol.equals("AAPL") ? 0 : 200) + k * 0.1 + random.nextGaussian());
        prices.add(new Point(symbol, "price", t, price));
        records.add(single(null, "price", t, price));
      }
      writeAll("FinancialData", "StockPrices", records, "symbol", symbol);
    }

    // Hosts: cpu_percent every minute for 2 h, above 80 now and then.
    table("DevOpsMetrics", "SystemMetrics", 6);
    List<Record> hostRecords = new ArrayList<>();
    for (int k = 0; k < 120; k++) {
      long t = pointTime(k, 0);
      double value =
          k % 7 == 3 ? round(85 + random.nextDouble() * 10) : round(40 + random.nextDouble() * 20);
      cpu.add(new Point("web-server-01", "cpu_percent", t, value));
      hostRecords.add(single(null, "cpu_percent", t, value));
    }
    writeAll(
        "DevOpsMetrics",
        "SystemMetrics",
        hostRecords,
        "hostname",
        "web-server-01",
        "region",
        "us-east-1");
  }

  @AfterAll
  static void stop() {
    query.close();
    write.close();
    local.close();
  }

  /** The time of the k-th point counted back from the write, 5-11 s before a whole minute. */
  private static long pointTime(int k, int series) {
    return writtenAt - k * MINUTE - 5_000L - series * 3_000L;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String str(double v) {
    return Double.toString(v);
  }

  private static Dimension dim(String name, String value) {
    return Dimension.builder().name(name).value(value).build();
  }

  private static Record single(String unused, String measure, long time, double value) {
    return Record.builder()
        .measureName(measure)
        .measureValue(str(value))
        .measureValueType("DOUBLE")
        .time(Long.toString(time))
        .timeUnit("MILLISECONDS")
        .build();
  }

  private static void table(String database, String table, long memoryHours) {
    write.createDatabase(CreateDatabaseRequest.builder().databaseName(database).build());
    write.createTable(
        CreateTableRequest.builder()
            .databaseName(database)
            .tableName(table)
            .retentionProperties(
                r ->
                    r.memoryStoreRetentionPeriodInHours(memoryHours)
                        .magneticStoreRetentionPeriodInDays(365L))
            .build());
  }

  /** Writes in batches of 100, with {@code dimensions} (name, value pairs) as common attributes. */
  private static void writeAll(
      String database, String table, List<Record> records, String... dimensions) {
    List<Dimension> common = new ArrayList<>();
    for (int i = 0; i < dimensions.length; i += 2) {
      common.add(dim(dimensions[i], dimensions[i + 1]));
    }
    for (int from = 0; from < records.size(); from += 100) {
      write.writeRecords(
          WriteRecordsRequest.builder()
              .databaseName(database)
              .tableName(table)
              .commonAttributes(a -> a.dimensions(common))
              .records(records.subList(from, Math.min(records.size(), from + 100)))
              .build());
    }
  }

  private static QueryResponse run(String sql) {
    return query.query(QueryRequest.builder().queryString(sql).build());
  }

  private static String scalar(Row row, int column) {
    return row.data().get(column).scalarValue();
  }

  private static double number(Row row, int column) {
    return Double.parseDouble(scalar(row, column));
  }

  private static long time(String text) {
    return Instant.from(TIMESTAMP.parse(text)).toEpochMilli();
  }

  private static List<Point> select(List<Point> points, Predicate<Point> filter) {
    return points.stream().filter(filter).toList();
  }

  private static boolean inLast(Point p, long millis) {
    return p.time() > writtenAt - millis;
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  private static double sampleStddev(List<Double> values) {
    double m = mean(values);
    double squares = values.stream().mapToDouble(v -> (v - m) * (v - m)).sum();
    return Math.sqrt(squares / (values.size() - 1));
  }

  private static List<String> types(QueryResponse response) {
    return response.columnInfo().stream().map(c -> c.type().scalarTypeAsString()).toList();
  }

  // ---- the seed's queries ----------------------------------------------------------------------

  @Test
  void sensorReadingsOfOneDeviceInTheLastHourNewestFirst() {
    String DATABASE_NAME = "IoTDatabase";
    String TABLE_NAME = "SensorData";
    String device_id = "sensor_001";
    int hours = 1;
    String sql =
        "\n        SELECT \n            device_id,\n            location,\n            time,\n"
            + "            measure_value::double as temperature,\n"
            + "            measure_value::double as humidity\n"
            + "        FROM \""
            + DATABASE_NAME
            + "\".\""
            + TABLE_NAME
            + "\"\n"
            + "        WHERE device_id = '"
            + device_id
            + "'\n"
            + "            AND time > ago("
            + hours
            + "h)\n"
            + "            AND measure_name IN ('temperature', 'humidity')\n"
            + "        ORDER BY time DESC\n    ";
    QueryResponse response = run(sql);

    List<Point> expected =
        select(sensors, p -> p.series().equals(device_id) && inLast(p, 3_600_000L));
    assertThat(expected).hasSize(120);
    assertThat(response.columnInfo().stream().map(ColumnInfo::name))
        .containsExactly("device_id", "location", "time", "temperature", "humidity");
    assertThat(types(response))
        .containsExactly("VARCHAR", "VARCHAR", "TIMESTAMP", "DOUBLE", "DOUBLE");
    assertThat(response.rows()).hasSize(expected.size());
    long previous = Long.MAX_VALUE;
    Map<Long, List<Double>> byTime = new HashMap<>();
    for (Row row : response.rows()) {
      assertThat(scalar(row, 0)).isEqualTo("sensor_001");
      assertThat(scalar(row, 1)).isEqualTo("warehouse_1");
      long t = time(scalar(row, 2));
      assertThat(t).isLessThanOrEqualTo(previous);
      previous = t;
      assertThat(scalar(row, 3)).isEqualTo(scalar(row, 4));
      byTime.computeIfAbsent(t, x -> new ArrayList<>()).add(number(row, 3));
    }
    Map<Long, List<Double>> expectedByTime = new HashMap<>();
    for (Point p : expected) {
      expectedByTime.computeIfAbsent(p.time(), x -> new ArrayList<>()).add(p.value());
    }
    byTime.values().forEach(l -> l.sort(null));
    expectedByTime.values().forEach(l -> l.sort(null));
    assertThat(byTime).isEqualTo(expectedByTime);
  }

  @Test
  void p99AndP95LatencyPerEndpointWithinTheirRankError() {
    String DATABASE_NAME = "ApplicationMetrics";
    String TABLE_NAME = "APIMetrics";
    String service_name = "web-api";
    int minutes = 10;
    String sql =
        "\n        SELECT \n            service,\n            endpoint,\n"
            + "            approx_percentile(latency_ms, 0.99) as p99_latency,\n"
            + "            approx_percentile(latency_ms, 0.95) as p95_latency,\n"
            + "            avg(latency_ms) as avg_latency,\n"
            + "            count(*) as request_count\n"
            + "        FROM \""
            + DATABASE_NAME
            + "\".\""
            + TABLE_NAME
            + "\"\n"
            + "        WHERE service = '"
            + service_name
            + "'\n"
            + "            AND time > ago("
            + minutes
            + "m)\n"
            + "        GROUP BY service, endpoint\n"
            + "        ORDER BY p99_latency DESC\n    ";
    QueryResponse response = run(sql);

    assertThat(types(response))
        .containsExactly("VARCHAR", "VARCHAR", "DOUBLE", "DOUBLE", "DOUBLE", "BIGINT");
    assertThat(response.rows()).hasSize(recentLatencies.size());
    double previousP99 = Double.MAX_VALUE;
    for (Row row : response.rows()) {
      List<Double> latencies = new ArrayList<>(recentLatencies.get(scalar(row, 1)));
      latencies.sort(null);
      assertThat(scalar(row, 0)).isEqualTo("web-api");
      assertWithinRankError(number(row, 2), latencies, 0.99);
      assertWithinRankError(number(row, 3), latencies, 0.95);
      assertThat(number(row, 4)).isCloseTo(mean(latencies), within(1e-9));
      assertThat(Long.parseLong(scalar(row, 5))).isEqualTo(latencies.size());
      assertThat(number(row, 2)).isLessThanOrEqualTo(previousP99);
      previousP99 = number(row, 2);
    }
  }

  /**
   * Timestream's approx_percentile errs by at most 1 % in rank: the value returned must be one
   * whose rank among the sorted values is within p ± 0.01.
   */
  private static void assertWithinRankError(double value, List<Double> sorted, double p) {
    int n = sorted.size();
    int low = (int) Math.floor((p - 0.01) * n);
    int high = Math.min(n - 1, (int) Math.ceil((p + 0.01) * n));
    assertThat(value)
        .as("p%s of %s values", p, n)
        .isBetween(sorted.get(Math.max(0, low)), sorted.get(high));
  }

  @Test
  void fifteenMinuteAveragePriceAndItsChangeAgainstThePreviousWindow() {
    String DATABASE_NAME = "FinancialData";
    String TABLE_NAME = "StockPrices";
    String symbol = "AAPL";
    int window_minutes = 15;
    String sql =
        "\n        WITH binned_data AS (\n            SELECT \n                symbol,\n"
            + "                bin(time, "
            + window_minutes
            + "m) as time_bucket,\n"
            + "                avg(measure_value::double) as avg_price\n"
            + "            FROM \""
            + DATABASE_NAME
            + "\".\""
            + TABLE_NAME
            + "\"\n"
            + "            WHERE symbol = '"
            + symbol
            + "'\n"
            + "                AND measure_name = 'price'\n"
            + "                AND time > ago(24h)\n"
            + "            GROUP BY symbol, bin(time, "
            + window_minutes
            + "m)\n"
            + "        )\n        SELECT \n            symbol,\n            time_bucket,\n"
            + "            avg_price,\n"
            + "            LAG(avg_price, 1) OVER (ORDER BY time_bucket) as prev_price,\n"
            + "            avg_price - LAG(avg_price, 1) OVER (ORDER BY time_bucket) as price_change\n"
            + "        FROM binned_data\n        ORDER BY time_bucket DESC\n    ";
    QueryResponse response = run(sql);

    TreeMap<Long, List<Double>> bins = new TreeMap<>();
    long width = window_minutes * MINUTE;
    for (Point p : select(prices, p -> p.series().equals(symbol))) {
      bins.computeIfAbsent(Math.floorDiv(p.time(), width) * width, b -> new ArrayList<>())
          .add(p.value());
    }
    List<Long> descending = new ArrayList<>(bins.descendingKeySet());
    assertThat(types(response))
        .containsExactly("VARCHAR", "TIMESTAMP", "DOUBLE", "DOUBLE", "DOUBLE");
    assertThat(response.rows()).hasSize(descending.size());
    for (int i = 0; i < descending.size(); i++) {
      Row row = response.rows().get(i);
      long bucket = descending.get(i);
      double avg = mean(bins.get(bucket));
      assertThat(scalar(row, 0)).isEqualTo("AAPL");
      assertThat(time(scalar(row, 1))).isEqualTo(bucket);
      assertThat(number(row, 2)).isCloseTo(avg, within(1e-9));
      Long before = bins.lowerKey(bucket);
      if (before == null) {
        assertThat(row.data().get(3).nullValue()).isTrue();
        assertThat(row.data().get(4).nullValue()).isTrue();
      } else {
        double prev = mean(bins.get(before));
        assertThat(number(row, 3)).isCloseTo(prev, within(1e-9));
        assertThat(number(row, 4)).isCloseTo(avg - prev, within(1e-9));
      }
    }
  }

  @Test
  void cpuReadingsAboveTheThresholdInTheLastHour() {
    String DATABASE_NAME = "DevOpsMetrics";
    String TABLE_NAME = "SystemMetrics";
    int threshold = 80;
    String sql =
        "\n        SELECT \n            hostname,\n            time,\n"
            + "            measure_value::double as cpu_percent\n"
            + "        FROM \""
            + DATABASE_NAME
            + "\".\""
            + TABLE_NAME
            + "\"\n"
            + "        WHERE measure_name = 'cpu_percent'\n"
            + "            AND measure_value::double > "
            + threshold
            + "\n"
            + "            AND time > ago(1h)\n"
            + "        ORDER BY time DESC\n    ";
    QueryResponse response = run(sql);

    List<Point> expected =
        select(cpu, p -> p.value() > threshold && inLast(p, 3_600_000L)).stream()
            .sorted(Comparator.comparingLong(Point::time).reversed())
            .toList();
    assertThat(expected).isNotEmpty();
    assertThat(
            response.rows().stream()
                .map(r -> List.<Object>of(scalar(r, 0), time(scalar(r, 1)), number(r, 2))))
        .containsExactlyElementsOf(
            expected.stream()
                .map(p -> List.<Object>of("web-server-01", p.time(), p.value()))
                .toList());
  }

  @Test
  void temperatureInterpolatedEveryMinuteOfTheLastHour() {
    String database = "IoTDatabase";
    String table = "SensorData";
    String sql =
        "\n        SELECT \n            interpolate_linear(\n"
            + "                create_time_series(time, measure_value::double),\n"
            + "                SEQUENCE(ago(1h), now(), 1m)\n"
            + "            ) as interpolated_values\n"
            + "        FROM \""
            + database
            + "\".\""
            + table
            + "\"\n"
            + "        WHERE measure_name = 'temperature'\n    ";
    long before = System.currentTimeMillis();
    QueryResponse response = run(sql);
    long after = System.currentTimeMillis();

    ColumnInfo column = response.columnInfo().get(0);
    assertThat(column.name()).isEqualTo("interpolated_values");
    assertThat(column.type().timeSeriesMeasureValueColumnInfo().type().scalarType())
        .isEqualTo(ScalarType.DOUBLE);
    assertThat(response.rows()).hasSize(1);
    List<software.amazon.awssdk.services.timestreamquery.model.TimeSeriesDataPoint> points =
        response.rows().get(0).data().get(0).timeSeriesValue();

    List<Point> series =
        select(sensors, p -> p.measure().equals("temperature")).stream()
            .sorted(Comparator.comparingLong(Point::time))
            .toList();
    long first = time(points.get(0).time());
    // The sequence starts at the query's ago(1h); points after the last reading are left out.
    assertThat(first).isBetween(before - 3_600_000L, after - 3_600_000L);
    long last = series.get(series.size() - 1).time();
    int expectedCount = 0;
    for (long t = first; t <= first + 60 * MINUTE; t += MINUTE) {
      if (t <= last) {
        expectedCount++;
      }
    }
    assertThat(points).hasSize(expectedCount);
    for (int i = 0; i < points.size(); i++) {
      long t = time(points.get(i).time());
      assertThat(t).isEqualTo(first + i * MINUTE);
      assertThat(Double.parseDouble(points.get(i).value().scalarValue()))
          .isCloseTo(linear(series, t), within(1e-9));
    }
  }

  /** The value of a time-ordered series at {@code t}, linear between its neighbours. */
  private static double linear(List<Point> series, long t) {
    for (int i = 1; i < series.size(); i++) {
      Point a = series.get(i - 1);
      Point b = series.get(i);
      if (a.time() <= t && t <= b.time()) {
        return a.value()
            + (b.value() - a.value()) * (t - a.time()) / (double) (b.time() - a.time());
      }
    }
    throw new AssertionError("no neighbours for " + t);
  }

  @Test
  void temperaturesBeyondThreeSigmaOfTheDayInTheLastHour() {
    String database = "IoTDatabase";
    String table = "SensorData";
    String sql =
        "\n        WITH stats AS (\n            SELECT \n"
            + "                avg(measure_value::double) as mean,\n"
            + "                stddev(measure_value::double) as stddev\n"
            + "            FROM \""
            + database
            + "\".\""
            + table
            + "\"\n"
            + "            WHERE time > ago(24h)\n"
            + "                AND measure_name = 'temperature'\n"
            + "        )\n        SELECT \n            time,\n"
            + "            measure_value::double as value,\n"
            + "            stats.mean,\n            stats.stddev\n"
            + "        FROM \""
            + database
            + "\".\""
            + table
            + "\", stats\n"
            + "        WHERE measure_name = 'temperature'\n"
            + "            AND time > ago(1h)\n"
            + "            AND ABS(measure_value::double - stats.mean) > 3 * stats.stddev\n    ";
    QueryResponse response = run(sql);

    List<Double> temperatures =
        select(sensors, p -> p.measure().equals("temperature")).stream().map(Point::value).toList();
    double mean = mean(temperatures);
    double stddev = sampleStddev(temperatures);
    List<List<Object>> expected =
        select(
                sensors,
                p ->
                    p.measure().equals("temperature")
                        && inLast(p, 3_600_000L)
                        && Math.abs(p.value() - mean) > 3 * stddev)
            .stream()
            .sorted(Comparator.comparingLong(Point::time))
            .map(p -> List.<Object>of(p.time(), p.value()))
            .toList();
    assertThat(expected).hasSize(3); // the three hot readings of sensor_002
    assertThat(response.columnInfo().stream().map(ColumnInfo::name))
        .containsExactly("time", "value", "mean", "stddev");
    List<List<Object>> actual = new ArrayList<>();
    for (Row row : response.rows()) {
      assertThat(number(row, 2)).isCloseTo(mean, within(1e-9));
      assertThat(number(row, 3)).isCloseTo(stddev, within(1e-9));
      actual.add(List.of(time(scalar(row, 0)), number(row, 1)));
    }
    actual.sort(Comparator.comparingLong(l -> (Long) l.get(0)));
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void fiveMinuteWindowsOfTheLastHourNewestFirst() {
    String database = "IoTDatabase";
    String table = "SensorData";
    String sql =
        "\n        SELECT \n            bin(time, 5m) as time_window,\n"
            + "            avg(measure_value::double) as avg_value,\n"
            + "            min(measure_value::double) as min_value,\n"
            + "            max(measure_value::double) as max_value,\n"
            + "            count(*) as data_points\n"
            + "        FROM \""
            + database
            + "\".\""
            + table
            + "\"\n"
            + "        WHERE measure_name = 'temperature'\n"
            + "            AND time > ago(1h)\n"
            + "        GROUP BY bin(time, 5m)\n"
            + "        ORDER BY time_window DESC\n    ";
    QueryResponse response = run(sql);

    TreeMap<Long, List<Double>> windows = new TreeMap<>(Comparator.reverseOrder());
    for (Point p :
        select(sensors, p -> p.measure().equals("temperature") && inLast(p, 3_600_000L))) {
      windows
          .computeIfAbsent(Math.floorDiv(p.time(), 5 * MINUTE) * 5 * MINUTE, w -> new ArrayList<>())
          .add(p.value());
    }
    assertThat(types(response))
        .containsExactly("TIMESTAMP", "DOUBLE", "DOUBLE", "DOUBLE", "BIGINT");
    assertThat(response.rows()).hasSize(windows.size());
    int i = 0;
    for (Map.Entry<Long, List<Double>> w : windows.entrySet()) {
      Row row = response.rows().get(i++);
      assertThat(time(scalar(row, 0))).isEqualTo(w.getKey());
      assertThat(number(row, 1)).isCloseTo(mean(w.getValue()), within(1e-9));
      assertThat(number(row, 2))
          .isEqualTo(w.getValue().stream().mapToDouble(d -> d).min().orElseThrow());
      assertThat(number(row, 3))
          .isEqualTo(w.getValue().stream().mapToDouble(d -> d).max().orElseThrow());
      assertThat(Long.parseLong(scalar(row, 4))).isEqualTo(w.getValue().size());
    }
  }

  @Test
  void lastHoursAverageAgainstTheHourBefore() {
    String database = "IoTDatabase";
    String table = "SensorData";
    String sql =
        "\n        WITH current_period AS (\n"
            + "            SELECT avg(measure_value::double) as current_avg\n"
            + "            FROM \""
            + database
            + "\".\""
            + table
            + "\"\n"
            + "            WHERE time > ago(1h)\n        ),\n        previous_period AS (\n"
            + "            SELECT avg(measure_value::double) as previous_avg\n"
            + "            FROM \""
            + database
            + "\".\""
            + table
            + "\"\n"
            + "            WHERE time BETWEEN ago(2h) AND ago(1h)\n        )\n        SELECT \n"
            + "            current_avg,\n            previous_avg,\n"
            + "            (current_avg - previous_avg) / previous_avg * 100 as percent_change\n"
            + "        FROM current_period, previous_period\n    ";
    QueryResponse response = run(sql);

    double current =
        mean(select(sensors, p -> inLast(p, 3_600_000L)).stream().map(Point::value).toList());
    double previous =
        mean(
            select(sensors, p -> !inLast(p, 3_600_000L) && inLast(p, 7_200_000L)).stream()
                .map(Point::value)
                .toList());
    assertThat(response.rows()).hasSize(1);
    Row row = response.rows().get(0);
    assertThat(number(row, 0)).isCloseTo(current, within(1e-9));
    assertThat(number(row, 1)).isCloseTo(previous, within(1e-9));
    assertThat(number(row, 2)).isCloseTo((current - previous) / previous * 100, within(1e-9));
  }

  // ---- the API around the queries ----------------------------------------------------------

  @Test
  void pagesOfMaxRowsFollowNextTokenToTheSameRowsAsOneCall() {
    String sql =
        "SELECT device_id, time, measure_value::double FROM \"IoTDatabase\".\"SensorData\""
            + " WHERE measure_name = 'humidity' ORDER BY time, device_id";
    List<Row> whole = run(sql).rows();
    assertThat(whole).hasSize(540);

    List<Row> paged = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      QueryResponse page =
          query.query(
              QueryRequest.builder().queryString(sql).maxRows(200).nextToken(token).build());
      assertThat(page.rows().size()).isLessThanOrEqualTo(200);
      assertThat(page.columnInfo()).hasSize(3);
      paged.addAll(page.rows());
      token = page.nextToken();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(paged).isEqualTo(whole);
  }

  @Test
  void aTokenIsRefusedForAnotherQueryAndAfterItsQueryIsCancelled() {
    String sql = "SELECT time FROM \"DevOpsMetrics\".\"SystemMetrics\" ORDER BY time";
    QueryResponse first = query.query(QueryRequest.builder().queryString(sql).maxRows(10).build());
    assertThat(first.nextToken()).isNotNull();
    assertThat(first.queryStatus().progressPercentage()).isEqualTo(100.0);
    assertThat(first.queryStatus().cumulativeBytesScanned()).isPositive();

    ValidationException other =
        catchThrowableOfType(
            ValidationException.class,
            () ->
                query.query(
                    QueryRequest.builder()
                        .queryString(sql + " DESC")
                        .nextToken(first.nextToken())
                        .build()));
    assertThat(other.awsErrorDetails().errorMessage()).contains("Invalid pagination token");

    QueryResponse second = query.query(QueryRequest.builder().queryString(sql).maxRows(10).build());
    assertThat(query.cancelQuery(c -> c.queryId(second.queryId())).cancellationMessage()).isNull();
    assertThat(query.cancelQuery(c -> c.queryId(second.queryId())).cancellationMessage())
        .contains("already");
    catchThrowableOfType(
        ValidationException.class,
        () ->
            query.query(
                QueryRequest.builder().queryString(sql).nextToken(second.nextToken()).build()));
  }

  @Test
  void badQueriesAreValidationErrorsNamingTheProblem() {
    assertThat(validationError("SELECT vehicleName FROM \"IoTDatabase\".\"SensorData\""))
        .isEqualTo("line 1:8: Column 'vehicleName' does not exist");
    assertThat(validationError("SELECT * FROM \"abc\".\"sampleDB\" LIMIT 10"))
        .isEqualTo("Requested database 'abc' not found for identifier 'abc.sampleDB' at line 1:15");
    assertThat(validationError("SELECT * FROM \"IoTDatabase\".\"Nope\""))
        .isEqualTo("line 1:15: Table 'IoTDatabase.Nope' does not exist");
    assertThat(validationError("SELECT FROM WHERE")).startsWith("line 1:8: ");
    assertThat(validationError("SELECT nope(time) FROM \"IoTDatabase\".\"SensorData\""))
        .contains("nope");
  }

  private static String validationError(String sql) {
    ValidationException e = catchThrowableOfType(ValidationException.class, () -> run(sql));
    assertThat(e).as(sql).isNotNull();
    return e.awsErrorDetails().errorMessage();
  }

  @Test
  void prepareQueryNamesTheColumnsAndTheirTypesWithoutRunning() {
    var prepared =
        query.prepareQuery(
            p ->
                p.queryString(
                        "SELECT bin(time, 1h) AS hour, count(*) AS n FROM \"IoTDatabase\".\"SensorData\""
                            + " GROUP BY bin(time, 1h)")
                    .validateOnly(true));
    assertThat(prepared.columns().stream().map(c -> c.name() + ":" + c.type().scalarTypeAsString()))
        .containsExactly("hour:TIMESTAMP", "n:BIGINT");
  }

  @Test
  void arraysAndRowsAreTypedAndNullsAreNullValues() {
    QueryResponse response =
        run(
            "SELECT SEQUENCE(ago(2m), ago(1m), 1m) AS s, ROW(1, 'a') AS r, CAST(NULL AS DOUBLE) AS n,"
                + " 15m AS i FROM \"DevOpsMetrics\".\"SystemMetrics\" LIMIT 1");
    List<ColumnInfo> columns = response.columnInfo();
    assertThat(columns.get(0).type().arrayColumnInfo().type().scalarType())
        .isEqualTo(ScalarType.TIMESTAMP);
    assertThat(columns.get(1).type().rowColumnInfo()).hasSize(2);
    assertThat(columns.get(2).type().scalarType()).isEqualTo(ScalarType.DOUBLE);
    assertThat(columns.get(3).type().scalarTypeAsString()).isEqualTo("INTERVAL_DAY_TO_SECOND");
    List<Datum> data = response.rows().get(0).data();
    assertThat(data.get(0).arrayValue()).hasSize(2);
    assertThat(data.get(1).rowValue().data().stream().map(Datum::scalarValue))
        .containsExactly("1", "a");
    assertThat(data.get(2).nullValue()).isTrue();
    assertThat(data.get(3).scalarValue()).isEqualTo("0 00:15:00.000000000");
  }
}
