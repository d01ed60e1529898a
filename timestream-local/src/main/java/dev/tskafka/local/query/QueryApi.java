package dev.tskafka.local.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tskafka.local.protocol.Json;
import dev.tskafka.local.protocol.ServiceException;
import dev.tskafka.local.protocol.Violations;
import dev.tskafka.local.query.ResultType.ResultColumn;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The Query API's operations: {@code Query} (with NextToken pages), {@code CancelQuery} and {@code
 * PrepareQuery}, in the service's request and response shapes. A query runs to completion on the
 * first call; its later pages wait in a bounded set of open results.
 */
public final class QueryApi {
  /** The most open results (queries with pages left) kept; the oldest goes first. */
  static final int MAX_OPEN_RESULTS = 100;

  /** A page's rows stop once their JSON passes this size (the service pages by 1 MB). */
  static final int PAGE_BYTES = 1_000_000;

  /** The service meters at least 10 MB per query. */
  static final long MIN_METERED_BYTES = 10_000_000L;

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSSSS", Locale.ROOT);

  private final QueryEngine engine;
  private final Map<String, OpenResult> open =
      new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OpenResult> eldest) {
          return size() > MAX_OPEN_RESULTS;
        }
      };

  /** A query's result with pages still to send. */
  private record OpenResult(
      String queryId, String queryString, ArrayNode columnInfo, QueryResult result, int next) {}

  public QueryApi(QueryEngine engine) {
    this.engine = engine;
  }

  public ObjectNode query(JsonNode request) {
    Long maxRows = Json.integer(request, "MaxRows");
    String nextToken = Json.string(request, "NextToken");
    String clientToken = Json.string(request, "ClientToken");
    Violations v = new Violations();
    String sql = queryString(request, v);
    v.range(maxRows, "maxRows", 1, 1000);
    v.length(clientToken, "clientToken", 32, 128);
    v.throwIfAny();
    OpenResult page;
    if (nextToken != null) {
      synchronized (open) {
        page = open.remove(nextToken);
      }
      if (page == null || !page.queryString().equals(sql)) {
        throw ServiceException.validation(
            "Invalid pagination token: it has expired, was used already, or was issued for"
                + " another query string.");
      }
    } else {
      QueryResult result;
      try {
        result = engine.run(sql);
      } catch (QueryFailure e) {
        throw ServiceException.validation(e.getMessage());
      }
      page = new OpenResult(queryId(), sql, columnInfo(result.columns()), result, 0);
    }
    return page(page, maxRows == null ? Integer.MAX_VALUE : maxRows.intValue());
  }

  private ObjectNode page(OpenResult from, int maxRows) {
    ObjectNode response = Json.MAPPER.createObjectNode();
    response.put("QueryId", from.queryId());
    ArrayNode rows = response.putArray("Rows");
    List<Object[]> all = from.result().rows();
    List<ResultColumn> columns = from.result().columns();
    int i = from.next();
    long bytes = 0;
    while (i < all.size() && rows.size() < maxRows && (rows.isEmpty() || bytes < PAGE_BYTES)) {
      ObjectNode row = rows.addObject();
      ArrayNode data = row.putArray("Data");
      Object[] values = all.get(i++);
      for (int c = 0; c < values.length; c++) {
        data.add(datum(values[c], columns.get(c).type()));
      }
      bytes += row.toString().length();
    }
    response.set("ColumnInfo", from.columnInfo());
    if (i < all.size()) {
      String token = UUID.randomUUID().toString();
      synchronized (open) {
        open.put(
            token,
            new OpenResult(
                from.queryId(), from.queryString(), from.columnInfo(), from.result(), i));
      }
      response.put("NextToken", token);
    }
    long scanned = from.result().bytesScanned();
    response
        .putObject("QueryStatus")
        .put("ProgressPercentage", 100.0)
        .put("CumulativeBytesScanned", scanned)
        .put("CumulativeBytesMetered", Math.max(scanned, MIN_METERED_BYTES));
    return response;
  }

  /** Drops the pages a query still has; a query with none left says so. */
  public ObjectNode cancelQuery(JsonNode request) {
    String queryId = Json.string(request, "QueryId");
    Violations v = new Violations();
    if (v.required(queryId, "queryId")) {
      v.length(queryId, "queryId", 1, 64);
    }
    v.throwIfAny();
    boolean dropped;
    synchronized (open) {
      dropped = open.values().removeIf(r -> r.queryId().equals(queryId));
    }
    ObjectNode response = Json.MAPPER.createObjectNode();
    if (!dropped) {
      response.put(
          "CancellationMessage",
          "Query " + queryId + " has already completed or been cancelled: it has no pages left.");
    }
    return response;
  }

  /** Validates a query and names its result columns, without running it. */
  public ObjectNode prepareQuery(JsonNode request) {
    Violations v = new Violations();
    String sql = queryString(request, v);
    v.throwIfAny();
    List<ResultColumn> columns;
    try {
      columns = engine.describe(sql);
    } catch (QueryFailure e) {
      throw ServiceException.validation(e.getMessage());
    }
    ObjectNode response = Json.MAPPER.createObjectNode();
    response.put("QueryString", sql);
    ArrayNode selected = response.putArray("Columns");
    for (ResultColumn c : columns) {
      selected.addObject().put("Name", c.name()).set("Type", type(c.type()));
    }
    response.putArray("Parameters");
    return response;
  }

  /** The request's QueryString, its constraints checked into {@code v}. */
  private static String queryString(JsonNode request, Violations v) {
    String sql = Json.string(request, "QueryString");
    if (v.required(sql, "queryString")) {
      v.length(sql, "queryString", 1, 262_144);
    }
    return sql;
  }

  private static String queryId() {
    return UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
  }

  // ---- ColumnInfo and Datum ------------------------------------------------------------------

  private static ArrayNode columnInfo(List<ResultColumn> columns) {
    ArrayNode info = Json.MAPPER.createArrayNode();
    for (ResultColumn c : columns) {
      info.addObject().put("Name", c.name()).set("Type", type(c.type()));
    }
    return info;
  }

  private static ObjectNode type(ResultType type) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    if (type instanceof ResultType.Scalar scalar) {
      node.put("ScalarType", scalar.name());
    } else if (type instanceof ResultType.Array array) {
      node.putObject("ArrayColumnInfo").set("Type", type(array.element()));
    } else if (type instanceof ResultType.TimeSeries series) {
      node.putObject("TimeSeriesMeasureValueColumnInfo").set("Type", type(series.value()));
    } else {
      node.set("RowColumnInfo", columnInfo(((ResultType.Row) type).fields()));
    }
    return node;
  }

  private static ObjectNode datum(Object value, ResultType type) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    if (value == null) {
      node.put("NullValue", true);
    } else if (type instanceof ResultType.Scalar scalar) {
      node.put("ScalarValue", scalar(value, scalar.name()));
    } else if (type instanceof ResultType.Array array) {
      ArrayNode values = node.putArray("ArrayValue");
      for (Object e : (List<?>) value) {
        values.add(datum(e, array.element()));
      }
    } else if (type instanceof ResultType.TimeSeries series) {
      ArrayNode points = node.putArray("TimeSeriesValue");
      for (Object p : (List<?>) value) {
        Object[] point = (Object[]) p;
        ObjectNode out = points.addObject();
        out.put("Time", TIMESTAMP.format(Instant.ofEpochMilli((Long) point[0])));
        out.set("Value", datum(point[1], series.value()));
      }
    } else {
      List<ResultColumn> fields = ((ResultType.Row) type).fields();
      List<?> values = (List<?>) value;
      ArrayNode data = node.putObject("RowValue").putArray("Data");
      for (int i = 0; i < fields.size(); i++) {
        data.add(datum(values.get(i), fields.get(i).type()));
      }
    }
    return node;
  }

  /** A scalar's text as the service writes it. */
  static String scalar(Object value, String type) {
    return switch (type) {
      case "TIMESTAMP" -> TIMESTAMP.format(Instant.ofEpochMilli((Long) value));
      case "DATE" -> ((LocalDate) value).toString();
      case "TIME" -> TIME.format((LocalTime) value);
      case "INTERVAL_DAY_TO_SECOND" -> dayToSecond((Long) value);
      case "INTERVAL_YEAR_TO_MONTH" -> {
        long months = (Long) value;
        yield (months < 0 ? "-" : "") + Math.abs(months) / 12 + "-" + Math.abs(months) % 12;
      }
      default -> String.valueOf(value);
    };
  }

  /** An INTERVAL DAY TO SECOND of {@code millis} as {@code D HH:MM:SS.nnnnnnnnn}. */
  private static String dayToSecond(long millis) {
    String sign = millis < 0 ? "-" : "";
    long m = Math.abs(millis);
    return String.format(
        Locale.ROOT,
        "%s%d %02d:%02d:%02d.%09d",
        sign,
        m / 86_400_000L,
        m / 3_600_000L % 24,
        m / 60_000L % 60,
        m / 1000 % 60,
        m % 1000 * 1_000_000L);
  }
}
