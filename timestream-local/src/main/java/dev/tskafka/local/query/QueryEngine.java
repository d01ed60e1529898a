package dev.tskafka.local.query;

import dev.tskafka.local.query.ResultType.ResultColumn;
import dev.tskafka.local.store.Catalog;
import dev.tskafka.local.store.Database;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Struct;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.tools.RelConversionException;
import org.apache.calcite.tools.RelRunner;
import org.apache.calcite.tools.ValidationException;
import org.apache.calcite.util.Pair;

/**
 * Runs Timestream SQL over the catalog with Apache Calcite: the query is rewritten into standard
 * SQL ({@link DialectRewriter}), parsed, validated against the catalog's tables as they are now
 * ({@link TableView}), planned and run. Each query gets its own connection and schema, so tables
 * created or dropped since the last query are seen; views of unchanged tables are reused.
 */
public final class QueryEngine {
  /** The most rows one result may hold; the service's limit is 5 GB, far beyond this one. */
  public static final int MAX_RESULT_ROWS = 1_000_000;

  private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
  private static final Pattern COLUMN_NOT_FOUND =
      Pattern.compile(
          "Column '([^']*)' not found in (any table|table '[^']*')(?:; did you mean .*)?",
          Pattern.DOTALL);
  private static final Pattern OBJECT_NOT_FOUND =
      Pattern.compile("Object '([^']*)' not found within '([^']*)'.*", Pattern.DOTALL);
  private static final Pattern DATABASE_NOT_FOUND =
      Pattern.compile("Object '([^']*)' not found(?:; did you mean .*)?", Pattern.DOTALL);
  private static final Pattern UNNAMED = Pattern.compile("EXPR\\$\\d+");
  private static final Pattern PARSE_POSITION = Pattern.compile(" at line \\d+, column \\d+");

  private final Catalog catalog;
  private final Clock clock;
  private final ViewCache views = new ViewCache();
  private final FunctionRegistry functions = new FunctionRegistry();
  private final Properties connectionProperties = new Properties();

  public QueryEngine(Catalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
    connectionProperties.setProperty("quoting", "DOUBLE_QUOTE");
    connectionProperties.setProperty("quotedCasing", "UNCHANGED");
    connectionProperties.setProperty("unquotedCasing", "UNCHANGED");
    connectionProperties.setProperty("caseSensitive", "true");
    connectionProperties.setProperty("conformance", "LENIENT");
    connectionProperties.setProperty("timeZone", "UTC");
    connectionProperties.setProperty("fun", "standard");
  }

  /** Runs {@code sql}; a query that cannot run throws {@link QueryFailure} naming why. */
  public QueryResult run(String sql) {
    return execute(sql, true);
  }

  /** The columns {@code sql} would return, without running it. */
  public List<ResultColumn> describe(String sql) {
    return execute(sql, false).columns();
  }

  private QueryResult execute(String sql, boolean run) {
    DialectRewriter.Rewritten rewritten = DialectRewriter.rewriteTracked(sql);
    return TimestreamFunctions.withNow(clock.millis(), () -> execute(rewritten, run));
  }

  private QueryResult execute(DialectRewriter.Rewritten rewritten, boolean run) {
    AtomicLong bytesScanned = new AtomicLong();
    try (Connection connection =
        DriverManager.getConnection("jdbc:calcite:", connectionProperties)) {
      CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
      SchemaPlus root = calcite.getRootSchema();
      functions.registerIn(root);
      for (Database d : catalog.databases()) {
        root.add(d.name(), new DatabaseSchema(catalog, d.name(), views, bytesScanned));
      }
      Planner planner = Frameworks.getPlanner(config(root));
      try {
        SqlNode parsed = planner.parse(rewritten.sql());
        Pair<SqlNode, RelDataType> validated = planner.validateAndGetType(parsed);
        List<ResultColumn> columns = columns(validated.right);
        if (!run) {
          return new QueryResult(columns, List.of(), 0);
        }
        RelRoot plan = planner.rel(validated.left);
        try (PreparedStatement statement =
                calcite.unwrap(RelRunner.class).prepareStatement(plan.project());
            ResultSet results = statement.executeQuery()) {
          List<Object[]> rows = new ArrayList<>();
          while (results.next()) {
            if (rows.size() == MAX_RESULT_ROWS) {
              throw new QueryFailure(
                  "The result has more than "
                      + MAX_RESULT_ROWS
                      + " rows, the most timestream-local returns; add a LIMIT or an"
                      + " aggregation.");
            }
            Object[] row = new Object[columns.size()];
            for (int i = 0; i < row.length; i++) {
              row[i] = read(results, i + 1, columns.get(i).type());
            }
            rows.add(row);
          }
          return new QueryResult(columns, rows, bytesScanned.get());
        }
      } finally {
        planner.close();
      }
    } catch (SqlParseException e) {
      throw parseFailure(e, rewritten);
    } catch (ValidationException e) {
      throw validationFailure(e, rewritten);
    } catch (QueryFailure e) {
      throw e;
    } catch (SQLException | RelConversionException | RuntimeException | LinkageError e) {
      // LinkageError: Calcite folds constant calls while compiling, so a bad argument such as
      // bin(time, 'x') surfaces as an ExceptionInInitializerError of the generated class.
      throw executionFailure(e);
    }
  }

  private static FrameworkConfig config(SchemaPlus root) {
    return Frameworks.newConfigBuilder()
        .parserConfig(
            SqlParser.config()
                .withQuoting(org.apache.calcite.avatica.util.Quoting.DOUBLE_QUOTE)
                .withQuotedCasing(org.apache.calcite.avatica.util.Casing.UNCHANGED)
                .withUnquotedCasing(org.apache.calcite.avatica.util.Casing.UNCHANGED)
                .withCaseSensitive(true)
                .withConformance(SqlConformanceEnum.LENIENT))
        .sqlValidatorConfig(SqlValidator.Config.DEFAULT.withConformance(SqlConformanceEnum.LENIENT))
        .defaultSchema(root)
        .build();
  }

  // ---- types ---------------------------------------------------------------------------------

  /** The result's columns; an unnamed one is {@code _col<N>} (0-based), as Timestream names it. */
  private static List<ResultColumn> columns(RelDataType rowType) {
    List<ResultColumn> columns = new ArrayList<>(rowType.getFieldCount());
    for (RelDataTypeField f : rowType.getFieldList()) {
      String name = UNNAMED.matcher(f.getName()).matches() ? "_col" + f.getIndex() : f.getName();
      columns.add(new ResultColumn(name, type(f.getType())));
    }
    return List.copyOf(columns);
  }

  static ResultType type(RelDataType type) {
    SqlTypeName name = type.getSqlTypeName();
    if (name == SqlTypeName.ARRAY || name == SqlTypeName.MULTISET) {
      RelDataType element = type.getComponentType();
      if (element == null) {
        return new ResultType.Array(new ResultType.Scalar("UNKNOWN"));
      }
      if (isTimeSeriesPoint(element)) {
        return new ResultType.TimeSeries(type(element.getFieldList().get(1).getType()));
      }
      return new ResultType.Array(type(element));
    }
    if (type.isStruct()) {
      return new ResultType.Row(columns(type));
    }
    if (SqlTypeFamily.INTERVAL_YEAR_MONTH.getTypeNames().contains(name)) {
      return new ResultType.Scalar("INTERVAL_YEAR_TO_MONTH");
    }
    if (SqlTypeFamily.INTERVAL_DAY_TIME.getTypeNames().contains(name)) {
      return new ResultType.Scalar("INTERVAL_DAY_TO_SECOND");
    }
    return new ResultType.Scalar(
        switch (name) {
          case BOOLEAN -> "BOOLEAN";
          case TINYINT, SMALLINT, INTEGER -> "INTEGER";
          case BIGINT -> "BIGINT";
          case DECIMAL, FLOAT, REAL, DOUBLE -> "DOUBLE";
          case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "TIMESTAMP";
          case DATE -> "DATE";
          case TIME, TIME_WITH_LOCAL_TIME_ZONE -> "TIME";
          case NULL -> "UNKNOWN";
          default -> "VARCHAR";
        });
  }

  private static boolean isTimeSeriesPoint(RelDataType element) {
    return element.isStruct()
        && element.getFieldCount() == 2
        && element.getFieldList().get(0).getName().equals(TableView.TIME)
        && element.getFieldList().get(0).getType().getSqlTypeName() == SqlTypeName.TIMESTAMP
        && element.getFieldList().get(1).getName().equals("value");
  }

  // ---- values --------------------------------------------------------------------------------

  private static Object read(ResultSet results, int column, ResultType type) throws SQLException {
    if (type instanceof ResultType.Scalar scalar) {
      Object value =
          switch (scalar.name()) {
            case "TIMESTAMP" -> {
              java.sql.Timestamp t = results.getTimestamp(column, UTC);
              yield t == null ? null : t.getTime();
            }
            case "DATE" -> {
              java.sql.Date d = results.getDate(column, UTC);
              yield d == null
                  ? null
                  : java.time.LocalDate.ofEpochDay(Math.floorDiv(d.getTime(), 86_400_000L));
            }
            default -> results.getObject(column);
          };
      return results.wasNull() ? null : nested(value, type);
    }
    Object value = results.getObject(column);
    return value == null ? null : nested(value, type);
  }

  /** A value read from JDBC (or inside an ARRAY or ROW) in {@link QueryResult}'s terms. */
  private static Object nested(Object value, ResultType type) throws SQLException {
    if (value == null) {
      return null;
    }
    if (type instanceof ResultType.Scalar scalar) {
      return switch (scalar.name()) {
        case "TIMESTAMP" ->
            value instanceof java.sql.Timestamp t ? t.getTime() : ((Number) value).longValue();
        case "DATE" ->
            value instanceof java.sql.Date d
                ? d.toLocalDate()
                : java.time.LocalDate.ofEpochDay(((Number) value).longValue());
        case "TIME" ->
            value instanceof java.sql.Time t
                ? t.toLocalTime()
                : java.time.LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000L);
        case "INTERVAL_DAY_TO_SECOND", "INTERVAL_YEAR_TO_MONTH", "BIGINT", "INTEGER" ->
            ((Number) value).longValue();
        case "DOUBLE" -> ((Number) value).doubleValue();
        default -> value;
      };
    }
    Object[] elements = elements(value);
    if (type instanceof ResultType.Array array) {
      List<Object> out = new ArrayList<>(elements.length);
      for (Object e : elements) {
        out.add(nested(e, array.element()));
      }
      return out;
    }
    if (type instanceof ResultType.TimeSeries series) {
      List<Object[]> out = new ArrayList<>(elements.length);
      for (Object e : elements) {
        Object[] point = elements(e);
        out.add(
            new Object[] {
              nested(point[0], new ResultType.Scalar("TIMESTAMP")), nested(point[1], series.value())
            });
      }
      return out;
    }
    List<ResultColumn> fields = ((ResultType.Row) type).fields();
    List<Object> out = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      out.add(nested(elements[i], fields.get(i).type()));
    }
    return out;
  }

  private static Object[] elements(Object value) throws SQLException {
    if (value instanceof Array a) {
      return (Object[]) a.getArray();
    }
    if (value instanceof Struct s) {
      return s.getAttributes();
    }
    if (value instanceof List<?> l) {
      return l.toArray();
    }
    return (Object[]) value;
  }

  // ---- errors --------------------------------------------------------------------------------

  private static QueryFailure parseFailure(SqlParseException e, DialectRewriter.Rewritten sql) {
    String first = e.getMessage() == null ? "Syntax error" : e.getMessage().split("\n", 2)[0];
    String message = PARSE_POSITION.matcher(first).replaceAll("");
    if (e.getPos() == null) {
      return new QueryFailure(message);
    }
    return new QueryFailure(
        at(sql, e.getPos().getLineNum(), e.getPos().getColumnNum()) + ": " + message);
  }

  private static QueryFailure validationFailure(
      ValidationException e, DialectRewriter.Rewritten sql) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    if (!(cause instanceof CalciteContextException context)) {
      return new QueryFailure(firstLine(cause));
    }
    String position = at(sql, context.getPosLine(), context.getPosColumn());
    String message =
        context.getCause() != null ? firstLine(context.getCause()) : firstLine(context);
    Matcher column = COLUMN_NOT_FOUND.matcher(message);
    if (column.matches()) {
      return new QueryFailure(position + ": Column '" + column.group(1) + "' does not exist");
    }
    Matcher table = OBJECT_NOT_FOUND.matcher(message);
    if (table.matches()) {
      return new QueryFailure(
          position + ": Table '" + table.group(2) + "." + table.group(1) + "' does not exist");
    }
    Matcher database = DATABASE_NOT_FOUND.matcher(message);
    if (database.matches()) {
      String identifier = identifierAt(sql, context);
      return new QueryFailure(
          "Requested database '"
              + database.group(1)
              + "' not found for identifier '"
              + identifier
              + "' at "
              + position);
    }
    return new QueryFailure(position + ": " + message);
  }

  /** The identifier between a validation error's start and end, without its quotes. */
  private static String identifierAt(DialectRewriter.Rewritten sql, CalciteContextException e) {
    String text = sql.sql();
    int start = offset(text, e.getPosLine(), e.getPosColumn());
    int end = offset(text, e.getEndPosLine(), e.getEndPosColumn()) + 1;
    if (start < 0 || end > text.length() || start >= end) {
      return "";
    }
    return text.substring(start, end).replace("\"", "");
  }

  private static int offset(String text, int line, int column) {
    int index = 0;
    for (int l = 1; l < line; index++) {
      if (index >= text.length()) {
        return -1;
      }
      if (text.charAt(index) == '\n') {
        l++;
      }
    }
    return index + column - 1;
  }

  private static String at(DialectRewriter.Rewritten sql, int line, int column) {
    int[] original = sql.originalPosition(line, column);
    return "line " + original[0] + ":" + original[1];
  }

  private static QueryFailure executionFailure(Throwable e) {
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof QueryFailure failure) {
        return failure;
      }
      root = t;
    }
    return new QueryFailure("Query failed: " + firstLine(root));
  }

  private static String firstLine(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t.getClass().getSimpleName();
    }
    return message.split("\n", 2)[0];
  }
}
