package dev.tskafka.quickstart;

import dev.tskafka.quickstart.ScenarioSetup.TableRef;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.timestreamquery.TimestreamQueryClient;
import software.amazon.awssdk.services.timestreamquery.model.ColumnInfo;
import software.amazon.awssdk.services.timestreamquery.model.Datum;
import software.amazon.awssdk.services.timestreamquery.model.QueryResponse;
import software.amazon.awssdk.services.timestreamquery.model.Row;
import software.amazon.awssdk.services.timestreamquery.model.ValidationException;

/**
 * Timestream SQL through the AWS SDK's Query client, as a user reads their data: each result row as
 * column name to its scalar text (null for NULL), every page followed.
 */
final class TimestreamSql implements AutoCloseable {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** A result: its column names in order (dimensions come before {@code measure_name}) and rows. */
  record Result(List<String> columns, List<Map<String, String>> rows) {
    Result {
      columns = List.copyOf(columns);
      rows = List.copyOf(rows);
    }
  }

  private final TimestreamQueryClient client;

  TimestreamSql(URI endpoint) {
    client =
        TimestreamQueryClient.builder()
            .endpointOverride(endpoint)
            .endpointDiscoveryEnabled(false)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  /**
   * Runs {@code sql}. A table not created yet, or a column not written yet, is an empty result:
   * nothing has landed there.
   */
  Result query(String sql) {
    List<String> columns = new ArrayList<>();
    List<Map<String, String>> rows = new ArrayList<>();
    String token = null;
    try {
      do {
        String next = token;
        QueryResponse page = client.query(b -> b.queryString(sql).nextToken(next));
        if (columns.isEmpty()) {
          page.columnInfo().stream().map(ColumnInfo::name).forEach(columns::add);
        }
        for (Row row : page.rows()) {
          Map<String, String> values = new LinkedHashMap<>();
          for (int i = 0; i < columns.size(); i++) {
            Datum d = row.data().get(i);
            values.put(columns.get(i), Boolean.TRUE.equals(d.nullValue()) ? null : d.scalarValue());
          }
          rows.add(values);
        }
        token = page.nextToken();
      } while (token != null);
    } catch (ValidationException e) {
      String message = e.awsErrorDetails().errorMessage();
      if (message.contains("does not exist") || message.contains("not found")) {
        return new Result(List.of(), List.of());
      }
      throw new QuickstartException("query failed: " + message + "\n" + sql);
    }
    return new Result(columns, rows);
  }

  /** {@code "database"."table"}, as a FROM clause names it. */
  static String from(TableRef table) {
    return "\"" + table.database() + "\".\"" + table.table() + "\"";
  }

  /** A TIMESTAMP value's epoch milliseconds. */
  static long millis(String timestamp) {
    return Instant.from(TIMESTAMP.parse(timestamp)).toEpochMilli();
  }

  @Override
  public void close() {
    client.close();
  }
}
