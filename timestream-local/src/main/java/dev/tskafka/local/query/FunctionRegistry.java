package dev.tskafka.local.query;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.calcite.adapter.enumerable.AggImplementor;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableAggFunction;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Declares {@link TimestreamFunctions} to Calcite with their SQL types. Calcite derives a
 * function's types from its Java signature, where a {@code long} is a BIGINT; Timestream's take and
 * return TIMESTAMP, INTERVAL and TIMESERIES, so each is wrapped with its types spelled out.
 */
final class FunctionRegistry {
  /** A SQL type, made by the query's type factory. */
  private interface SqlType extends Function<RelDataTypeFactory, RelDataType> {}

  private static final SqlType TIMESTAMP =
      f -> nullable(f, f.createSqlType(SqlTypeName.TIMESTAMP, 3));
  private static final SqlType DOUBLE = f -> nullable(f, f.createSqlType(SqlTypeName.DOUBLE));
  private static final SqlType VARCHAR = f -> nullable(f, f.createSqlType(SqlTypeName.VARCHAR));
  private static final SqlType INTERVAL =
      f ->
          nullable(
              f,
              f.createSqlIntervalType(
                  new SqlIntervalQualifier(TimeUnit.DAY, TimeUnit.SECOND, SqlParserPos.ZERO)));
  private static final SqlType TIMESTAMPS = arrayOf(TIMESTAMP);

  /** Timestream's TIMESERIES: an array of (time, value) rows. */
  static final SqlType TIME_SERIES =
      arrayOf(
          f -> f.builder().add("time", TIMESTAMP.apply(f)).add("value", DOUBLE.apply(f)).build());

  private final Map<String, List<org.apache.calcite.schema.Function>> functions;

  FunctionRegistry() {
    Class<?> impl = TimestreamFunctions.class;
    functions =
        Map.of(
            "now", List.of(scalar(method(impl, "now"), TIMESTAMP)),
            "ago", List.of(scalar(method(impl, "ago"), TIMESTAMP, INTERVAL)),
            "bin", List.of(scalar(method(impl, "bin"), TIMESTAMP, TIMESTAMP, INTERVAL)),
            "sequence",
                List.of(
                    scalar(method(impl, "sequence"), TIMESTAMPS, TIMESTAMP, TIMESTAMP, INTERVAL)),
            "date_trunc", List.of(scalar(method(impl, "dateTrunc"), TIMESTAMP, VARCHAR, TIMESTAMP)),
            "interpolate_linear",
                List.of(
                    scalar(method(impl, "interpolateLinear"), TIME_SERIES, TIME_SERIES, TIMESTAMPS),
                    scalar(method(impl, "interpolateLinearAt"), DOUBLE, TIME_SERIES, TIMESTAMP)),
            "interpolate_locf",
                List.of(
                    scalar(method(impl, "interpolateLocf"), TIME_SERIES, TIME_SERIES, TIMESTAMPS)),
            "approx_percentile",
                List.of(
                    aggregate(TimestreamFunctions.ApproxPercentile.class, DOUBLE, DOUBLE, DOUBLE)),
            "create_time_series",
                List.of(
                    aggregate(
                        TimestreamFunctions.CreateTimeSeries.class,
                        TIME_SERIES,
                        TIMESTAMP,
                        DOUBLE)));
    if (!functions.keySet().equals(TimestreamFunctions.NAMES)) {
      throw new IllegalStateException("TimestreamFunctions.NAMES is not what is registered");
    }
  }

  /** Adds every function to {@code root}, where they resolve unqualified. */
  void registerIn(SchemaPlus root) {
    functions.forEach((name, overloads) -> overloads.forEach(f -> root.add(name, f)));
  }

  private static SqlType arrayOf(SqlType element) {
    return f -> nullable(f, f.createArrayType(element.apply(f), -1));
  }

  private static RelDataType nullable(RelDataTypeFactory factory, RelDataType type) {
    return factory.createTypeWithNullability(type, true);
  }

  private static Method method(Class<?> type, String name) {
    return Arrays.stream(type.getMethods())
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No method " + name));
  }

  private static List<FunctionParameter> parameters(SqlType... types) {
    List<FunctionParameter> parameters = new ArrayList<>(types.length);
    for (int i = 0; i < types.length; i++) {
      parameters.add(new Parameter(i, types[i]));
    }
    return List.copyOf(parameters);
  }

  private static TypedScalar scalar(Method method, SqlType returns, SqlType... parameters) {
    return new TypedScalar(
        (ScalarFunctionImpl) ScalarFunctionImpl.create(method), returns, parameters(parameters));
  }

  private static TypedAggregate aggregate(Class<?> type, SqlType returns, SqlType... parameters) {
    return new TypedAggregate(AggregateFunctionImpl.create(type), returns, parameters(parameters));
  }

  private record Parameter(int ordinal, SqlType type) implements FunctionParameter {
    @Override
    public int getOrdinal() {
      return ordinal;
    }

    @Override
    public String getName() {
      return "arg" + ordinal;
    }

    @Override
    public RelDataType getType(RelDataTypeFactory factory) {
      return type.apply(factory);
    }

    @Override
    public boolean isOptional() {
      return false;
    }
  }

  /** A scalar function with declared types; Calcite's own implementor generates the call. */
  private record TypedScalar(
      ScalarFunctionImpl implementation, SqlType returns, List<FunctionParameter> parameters)
      implements ScalarFunction, ImplementableFunction {
    TypedScalar {
      parameters = List.copyOf(parameters);
    }

    @Override
    public RelDataType getReturnType(RelDataTypeFactory factory) {
      return returns.apply(factory);
    }

    @Override
    public List<FunctionParameter> getParameters() {
      return parameters;
    }

    @Override
    public CallImplementor getImplementor() {
      return implementation.getImplementor();
    }
  }

  /** An aggregate function with declared types. */
  private record TypedAggregate(
      AggregateFunctionImpl implementation, SqlType returns, List<FunctionParameter> parameters)
      implements ImplementableAggFunction {
    TypedAggregate {
      parameters = List.copyOf(parameters);
    }

    @Override
    public RelDataType getReturnType(RelDataTypeFactory factory) {
      return returns.apply(factory);
    }

    @Override
    public List<FunctionParameter> getParameters() {
      return parameters;
    }

    @Override
    public AggImplementor getImplementor(boolean windowContext) {
      return implementation.getImplementor(windowContext);
    }
  }
}
