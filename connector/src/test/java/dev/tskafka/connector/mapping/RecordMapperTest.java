package dev.tskafka.connector.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecordMapperTest {
  static final long T_MS = 1_672_531_200_000L; // 2023-01-01T00:00:00Z

  /** A mapping spec built fluently for the table of cases. */
  static final class Spec {
    String table = "${topic}";
    RecordShape shape = RecordShape.MULTI;
    List<String> dimensions = List.of("device_id", "location");
    List<String> measures = List.of();
    String measureName = null;
    String timeField = "timestamp";
    TimeUnitSetting unit = TimeUnitSetting.AUTO;
    VersionSource version = VersionSource.NONE;
    String versionField = null;

    MappingSpec build() {
      return new MappingSpec(
          table,
          shape,
          dimensions.stream().map(DimensionSpec::parse).toList(),
          measures.stream().map(MeasureSpec::parse).toList(),
          measureName == null ? null : MeasureNameSpec.parse(measureName),
          timeField == null ? null : FieldRef.parse(timeField),
          unit,
          version,
          versionField == null ? null : FieldRef.parse(versionField));
    }
  }

  static Spec spec(Consumer<Spec> edit) {
    Spec s = new Spec();
    edit.accept(s);
    return s;
  }

  static Map<String, Object> iot() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("device_id", "sensor_001");
    m.put("location", "warehouse_1");
    m.put("temperature", 25.5);
    m.put("humidity", 60L);
    m.put("timestamp", T_MS);
    return m;
  }

  static Map<String, Object> with(Map<String, Object> base, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>(base);
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] == null) {
        m.remove((String) kv[i]);
      } else {
        m.put((String) kv[i], kv[i + 1]);
      }
    }
    return m;
  }

  static SinkRecord record(Object value) {
    return record(null, null, value);
  }

  static SinkRecord record(Schema schema, Object key, Object value) {
    return new SinkRecord(
        "sensors",
        2,
        Schema.STRING_SCHEMA,
        key,
        schema,
        value,
        41L,
        T_MS + 5,
        TimestampType.CREATE_TIME);
  }

  static String render(TsRecord r) {
    StringBuilder sb = new StringBuilder();
    r.dimensions().forEach(d -> sb.append(d.name()).append('=').append(d.value()).append(' '));
    sb.append(r.measureName()).append(r.multi() ? "[" : "(");
    List<String> ms = new ArrayList<>();
    r.measures().forEach(m -> ms.add(m.name() + ":" + m.type() + "=" + m.value()));
    sb.append(String.join(",", ms)).append(r.multi() ? "]" : ")");
    sb.append(" @").append(r.time()).append(' ').append(r.timeUnit());
    if (r.version() != null) {
      sb.append(" v").append(r.version());
    }
    return sb.toString();
  }

  static final Schema LOCATION = SchemaBuilder.struct().field("site", Schema.STRING_SCHEMA).build();
  static final Schema API_SCHEMA =
      SchemaBuilder.struct()
          .field("service", Schema.STRING_SCHEMA)
          .field("endpoint", Schema.STRING_SCHEMA)
          .field("status_code", Schema.INT32_SCHEMA)
          .field("latency_ms", Schema.FLOAT64_SCHEMA)
          .field("at", Timestamp.SCHEMA)
          .field("where", LOCATION)
          .field("price", Decimal.schema(2))
          .field("day", Date.SCHEMA)
          .field("note", Schema.OPTIONAL_STRING_SCHEMA)
          .field("tod", org.apache.kafka.connect.data.Time.SCHEMA)
          .build();

  static Struct api() {
    return new Struct(API_SCHEMA)
        .put("service", "web-api")
        .put("endpoint", "/api/users")
        .put("status_code", 200)
        .put("latency_ms", 12.5)
        .put("at", new java.util.Date(T_MS))
        .put("where", new Struct(LOCATION).put("site", "eu-1"))
        .put("price", new BigDecimal("150.25"))
        .put("day", new java.util.Date(T_MS))
        .put("tod", new java.util.Date(3_600_000L)); // 01:00:00.000
  }

  /** A Connect schema as Apicurio's or Confluent's AvroData builds it from an Avro schema. */
  static final Schema ZONE =
      SchemaBuilder.string()
          .parameter("io.confluent.connect.avro.Enum", "dev.Zone")
          .parameter("io.confluent.connect.avro.Enum.NORTH", "NORTH")
          .parameter("io.confluent.connect.avro.Enum.SOUTH", "SOUTH")
          .build();

  static final Schema AVRO_LOCATION =
      SchemaBuilder.struct()
          .name("dev.Location")
          .field("site", Schema.STRING_SCHEMA)
          .field("zone", ZONE)
          .build();

  /** An Avro union of string and double (not just "null or one type"). */
  static final Schema STRING_OR_DOUBLE =
      SchemaBuilder.struct()
          .name("io.confluent.connect.avro.Union")
          .optional()
          .field("string", Schema.OPTIONAL_STRING_SCHEMA)
          .field("double", Schema.OPTIONAL_FLOAT64_SCHEMA)
          .build();

  static final Schema AVRO_SCHEMA =
      SchemaBuilder.struct()
          .name("dev.Reading")
          .field("device", Schema.STRING_SCHEMA)
          .field("location", AVRO_LOCATION)
          .field("tags", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
          .field("time_us", Schema.INT64_SCHEMA) // timestamp-micros: plain int64 in Connect
          .field("temperature", Schema.FLOAT64_SCHEMA)
          .field("humidity", Schema.OPTIONAL_FLOAT64_SCHEMA)
          .field("pressure", Schema.FLOAT32_SCHEMA)
          .field("price", Decimal.builder(2).parameter("connect.decimal.precision", "10").build())
          .field("day", Date.SCHEMA)
          .field("reading", STRING_OR_DOUBLE)
          .field("samples", SchemaBuilder.array(Schema.FLOAT64_SCHEMA).build())
          .field("raw", Schema.BYTES_SCHEMA)
          .build();

  static Struct avro() {
    return new Struct(AVRO_SCHEMA)
        .put("device", "sensor-1")
        .put("location", new Struct(AVRO_LOCATION).put("site", "plant-7").put("zone", "SOUTH"))
        .put("tags", Map.of("region", "eu-west-1"))
        .put("time_us", T_MS * 1000 + 7)
        .put("temperature", 21.5)
        .put("pressure", 21.3f)
        .put("price", new BigDecimal("19.90"))
        .put("day", new java.util.Date(T_MS))
        .put("reading", new Struct(STRING_OR_DOUBLE).put("double", 3.5))
        .put("samples", List.of(1.5, 2.5))
        .put("raw", new byte[] {1, 2});
  }

  static Struct avroWith(String field, Object value) {
    Struct s = avro();
    s.put(field, value);
    return s;
  }

  static Stream<Arguments> mappings() {
    return Stream.of(
        Arguments.of(
            "schemaless map, multi-measure, every other scalar field",
            spec(s -> {}),
            record(iot()),
            List.of(
                "device_id=sensor_001 location=warehouse_1 metrics[temperature:DOUBLE=25.5,"
                    + "humidity:BIGINT=60] @1672531200000 MILLISECONDS")),
        Arguments.of(
            "explicit measures with declared types and a constant multi name",
            spec(
                s -> {
                  s.measures = List.of("temperature:DOUBLE", "humidity:hum:DOUBLE");
                  s.measureName = "readings";
                }),
            record(iot()),
            List.of(
                "device_id=sensor_001 location=warehouse_1 readings[temperature:DOUBLE=25.5,"
                    + "hum:DOUBLE=60] @1672531200000 MILLISECONDS")),
        Arguments.of(
            "struct with schema, single-measure, logical Timestamp time, nested dimension",
            spec(
                s -> {
                  s.shape = RecordShape.SINGLE;
                  s.dimensions = List.of("service", "endpoint", "status_code", "where.site:site");
                  s.measures = List.of("latency_ms");
                  s.timeField = "at";
                }),
            record(API_SCHEMA, null, api()),
            List.of(
                "service=web-api endpoint=/api/users status_code=200 site=eu-1"
                    + " latency_ms(latency_ms:DOUBLE=12.5) @1672531200000 MILLISECONDS")),
        Arguments.of(
            "struct: decimal as DOUBLE, Date as TIMESTAMP, Time as BIGINT ms, null omitted",
            spec(
                s -> {
                  s.dimensions = List.of("service");
                  s.measures = List.of("price", "day", "tod", "note");
                  s.timeField = "at";
                }),
            record(API_SCHEMA, null, api()),
            List.of(
                "service=web-api metrics[price:DOUBLE=150.25,day:TIMESTAMP=1672531200000,tod:BIGINT=3600000]"
                    + " @1672531200000 MILLISECONDS")),
        Arguments.of(
            "long format (the seed's Lambda event): name and value from fields",
            spec(
                s -> {
                  s.shape = RecordShape.SINGLE;
                  s.measureName = "${measure_name}";
                  s.measures = List.of("value:DOUBLE");
                }),
            record(
                Map.of(
                    "device_id",
                    "sensor_007",
                    "location",
                    "dock",
                    "measure_name",
                    "humidity",
                    "value",
                    61,
                    "timestamp",
                    T_MS)),
            List.of(
                "device_id=sensor_007 location=dock humidity(humidity:DOUBLE=61)"
                    + " @1672531200000 MILLISECONDS")),
        Arguments.of(
            "single-measure: one record per measure, Kafka timestamp as time, offset version",
            spec(
                s -> {
                  s.shape = RecordShape.SINGLE;
                  s.timeField = null;
                  s.version = VersionSource.OFFSET;
                  s.measures = List.of("temperature", "humidity");
                }),
            record(iot()),
            List.of(
                "device_id=sensor_001 location=warehouse_1 temperature(temperature:DOUBLE=25.5)"
                    + " @1672531200005 MILLISECONDS v42",
                "device_id=sensor_001 location=warehouse_1 humidity(humidity:BIGINT=60)"
                    + " @1672531200005 MILLISECONDS v42")),
        Arguments.of(
            "dimensions from key, header and topic",
            spec(
                s -> {
                  s.dimensions = List.of("$key.host:host", "$header.region", "$topic");
                  s.measures = List.of("temperature");
                }),
            withHeader(
                new SinkRecord(
                    "sensors",
                    0,
                    null,
                    Map.of("host", "web-01"),
                    null,
                    iot(),
                    7L,
                    T_MS,
                    TimestampType.CREATE_TIME),
                "region",
                "us-east-1"),
            List.of(
                "host=web-01 region=us-east-1 topic=sensors metrics[temperature:DOUBLE=25.5]"
                    + " @1672531200000 MILLISECONDS")),
        Arguments.of(
            "epoch seconds detected from magnitude, with fraction: microseconds",
            spec(s -> {}),
            record(with(iot(), "timestamp", 1_672_531_200.123456)),
            List.of(
                "device_id=sensor_001 location=warehouse_1 metrics[temperature:DOUBLE=25.5,"
                    + "humidity:BIGINT=60] @1672531200123456 MICROSECONDS")),
        Arguments.of(
            "epoch nanoseconds declared",
            spec(s -> s.unit = TimeUnitSetting.NANOSECONDS),
            record(with(iot(), "timestamp", 1_672_531_200_000_000_007L)),
            List.of(
                "device_id=sensor_001 location=warehouse_1 metrics[temperature:DOUBLE=25.5,"
                    + "humidity:BIGINT=60] @1672531200000000007 NANOSECONDS")),
        Arguments.of(
            "ISO-8601 text time with offset",
            spec(s -> {}),
            record(with(iot(), "timestamp", "2023-01-01T01:00:00.250+01:00")),
            List.of(
                "device_id=sensor_001 location=warehouse_1 metrics[temperature:DOUBLE=25.5,"
                    + "humidity:BIGINT=60] @1672531200250 MILLISECONDS")),
        Arguments.of(
            "version from a field; a missing dimension is omitted",
            spec(
                s -> {
                  s.version = VersionSource.FIELD;
                  s.versionField = "rev";
                  s.measures = List.of("temperature");
                }),
            record(with(iot(), "rev", 9, "location", null)),
            List.of(
                "device_id=sensor_001 metrics[temperature:DOUBLE=25.5] @1672531200000"
                    + " MILLISECONDS v9")),
        Arguments.of(
            "nested map measures flattened with '_' and numeric strings coerced",
            spec(s -> s.measures = List.of()),
            record(with(iot(), "temperature", null, "humidity", null, "env", Map.of("co2", 410L))),
            List.of(
                "device_id=sensor_001 location=warehouse_1 metrics[env_co2:BIGINT=410]"
                    + " @1672531200000 MILLISECONDS")),
        Arguments.of(
            "Avro: nested record, enum and map key as dimensions, float keeps its text,"
                + " decimal, date, array element, union branch, timestamp-micros as time",
            spec(
                s -> {
                  s.dimensions =
                      List.of(
                          "device",
                          "location.site:site",
                          "location.zone:zone",
                          "tags.region:region");
                  s.measures =
                      List.of(
                          "temperature",
                          "humidity",
                          "pressure",
                          "price",
                          "day",
                          "samples.1:second",
                          "reading");
                  s.timeField = "time_us";
                }),
            record(AVRO_SCHEMA, null, avro()),
            List.of(
                "device=sensor-1 site=plant-7 zone=SOUTH region=eu-west-1"
                    + " metrics[temperature:DOUBLE=21.5,pressure:DOUBLE=21.3,price:DOUBLE=19.90,"
                    + "day:TIMESTAMP=1672531200000000,second:DOUBLE=2.5,reading:DOUBLE=3.5]"
                    + " @1672531200000007 MICROSECONDS")),
        Arguments.of(
            "Avro: optional field present; union's string branch; an array index past the end"
                + " is absent",
            spec(
                s -> {
                  s.dimensions = List.of("device", "reading:kind");
                  s.measures = List.of("humidity", "samples.5:sixth");
                  s.timeField = "time_us";
                  s.unit = TimeUnitSetting.MICROSECONDS;
                }),
            record(
                AVRO_SCHEMA,
                null,
                avroWith("humidity", 40.25)
                    .put("reading", new Struct(STRING_OR_DOUBLE).put("string", "manual"))),
            List.of(
                "device=sensor-1 kind=manual metrics[humidity:DOUBLE=40.25]"
                    + " @1672531200000007 MICROSECONDS")),
        Arguments.of(
            "Avro, measures blank: every scalar flattened, unions read as their branch,"
                + " arrays and bytes left out",
            spec(
                s -> {
                  s.dimensions = List.of("device", "location.site:site");
                  s.timeField = "time_us";
                }),
            record(AVRO_SCHEMA, null, avro()),
            List.of(
                "device=sensor-1 site=plant-7 metrics[location_zone:VARCHAR=SOUTH,"
                    + "tags_region:VARCHAR=eu-west-1,temperature:DOUBLE=21.5,pressure:DOUBLE=21.3,"
                    + "price:DOUBLE=19.90,day:TIMESTAMP=1672531200000000,reading:DOUBLE=3.5]"
                    + " @1672531200000007 MICROSECONDS")),
        Arguments.of(
            "Connect Date and Time as dimensions: ISO date and time of day",
            spec(
                s -> {
                  s.dimensions = List.of("day", "tod");
                  s.measures = List.of("latency_ms");
                  s.timeField = "at";
                }),
            record(API_SCHEMA, null, api()),
            List.of(
                "day=2023-01-01 tod=01:00 metrics[latency_ms:DOUBLE=12.5]"
                    + " @1672531200000 MILLISECONDS")));
  }

  static SinkRecord withHeader(SinkRecord r, String name, String value) {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(name, value);
    return r.newRecord(
        r.topic(),
        r.kafkaPartition(),
        r.keySchema(),
        r.key(),
        r.valueSchema(),
        r.value(),
        r.timestamp(),
        headers);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mappings")
  void shouldMapRecordToTimestreamRecords(
      String name, Spec spec, SinkRecord record, List<String> expected) {
    MappedRecord mapped = new RecordMapper(spec.build()).map(record);
    assertThat(mapped.table()).isEqualTo(record.topic());
    assertThat(mapped.records().stream().map(RecordMapperTest::render))
        .containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> badRecords() {
    Map<String, Object> manyDims = new HashMap<>(iot());
    List<String> dimNames = new ArrayList<>();
    for (int i = 0; i < 129; i++) {
      manyDims.put("d" + i, "v");
      dimNames.add("d" + i);
    }
    return Stream.of(
        Arguments.of(
            "Connect Timestamp past 2262 (the end-of-time sentinel 9999-12-31)",
            spec(
                s -> {
                  s.shape = RecordShape.SINGLE;
                  s.dimensions = List.of("service");
                  s.measures = List.of("latency_ms");
                  s.timeField = "at";
                }),
            record(
                API_SCHEMA,
                null,
                api()
                    .put(
                        "at",
                        java.util.Date.from(java.time.Instant.parse("9999-12-31T00:00:00Z")))),
            "time field 'at' is 9999-12-31T00:00:00Z: out of range as a time"),
        Arguments.of(
            "missing time",
            spec(s -> {}),
            record(with(iot(), "timestamp", null)),
            "time field 'timestamp' is missing or null"),
        Arguments.of(
            "unparseable time",
            spec(s -> {}),
            record(with(iot(), "timestamp", "yesterday")),
            "neither an epoch number nor an ISO-8601 date-time"),
        Arguments.of(
            "text where DOUBLE is declared",
            spec(s -> s.measures = List.of("temperature:DOUBLE")),
            record(with(iot(), "temperature", "hot")),
            "is 'hot', not a DOUBLE"),
        Arguments.of(
            "NaN",
            spec(s -> {}),
            record(with(iot(), "temperature", Double.NaN)),
            "cannot store NaN or Infinity"),
        Arguments.of(
            "fraction where BIGINT is declared",
            spec(s -> s.measures = List.of("temperature:BIGINT")),
            record(iot()),
            "not a BIGINT"),
        Arguments.of(
            "no dimension present",
            spec(s -> {}),
            record(with(iot(), "device_id", null, "location", "")),
            "Timestream needs at least one"),
        Arguments.of(
            "too many dimensions",
            spec(s -> s.dimensions = dimNames),
            record(manyDims),
            "129 dimensions"),
        Arguments.of(
            "oversize record",
            spec(s -> s.measures = List.of("blob")),
            record(with(iot(), "blob", "x".repeat(2040))),
            "Timestream's limit is 2048 bytes"),
        Arguments.of(
            "no measure values",
            spec(s -> s.measures = List.of("temperature")),
            record(with(iot(), "temperature", null)),
            "no measure values"),
        Arguments.of(
            "value is not a struct or map",
            spec(s -> {}),
            record("25.5"),
            "the record value is a string, not a struct, map or array"),
        Arguments.of(
            "measure is a struct",
            spec(s -> s.measures = List.of("env")),
            record(with(iot(), "env", Map.of("a", 1))),
            "is a map, not a scalar value"),
        Arguments.of(
            "Avro array as a measure",
            spec(
                s -> {
                  s.dimensions = List.of("device");
                  s.measures = List.of("samples");
                  s.timeField = "time_us";
                }),
            record(AVRO_SCHEMA, null, avro()),
            "measure 'samples' is an array, not a scalar value; name one element by its index"
                + " (samples.0) instead"),
        Arguments.of(
            "Avro array read with a name instead of an index",
            spec(
                s -> {
                  s.dimensions = List.of("device");
                  s.measures = List.of("samples.first");
                  s.timeField = "time_us";
                }),
            record(AVRO_SCHEMA, null, avro()),
            "cannot read 'samples.first': 'samples' is an array, so 'first' must be an element"
                + " index"),
        Arguments.of(
            "Avro nested record as a dimension",
            spec(
                s -> {
                  s.dimensions = List.of("location");
                  s.measures = List.of("temperature");
                  s.timeField = "time_us";
                }),
            record(AVRO_SCHEMA, null, avro()),
            "dimension 'location' is a struct, not a scalar value; name one of its fields"),
        Arguments.of(
            "Avro bytes (not decimal) as a measure",
            spec(
                s -> {
                  s.dimensions = List.of("device");
                  s.measures = List.of("raw");
                  s.timeField = "time_us";
                }),
            record(AVRO_SCHEMA, null, avro()),
            "measure 'raw' is a byte array, not a scalar value"),
        Arguments.of(
            "TIMESTAMP in a single-measure record",
            spec(
                s -> {
                  s.shape = RecordShape.SINGLE;
                  s.measures = List.of("timestamp:seen:TIMESTAMP");
                  s.timeField = null;
                }),
            record(iot()),
            "allows only in multi-measure records"),
        Arguments.of(
            "dimension named like a measure",
            spec(s -> s.measures = List.of("temperature:device_id")),
            record(iot()),
            "same name as a measure"),
        Arguments.of(
            "version field below 1",
            spec(
                s -> {
                  s.version = VersionSource.FIELD;
                  s.versionField = "rev";
                }),
            record(with(iot(), "rev", 0)),
            "must be >= 1"),
        Arguments.of(
            "measure name field missing",
            spec(
                s -> {
                  s.shape = RecordShape.SINGLE;
                  s.measureName = "${measure_name}";
                  s.measures = List.of("temperature");
                }),
            record(iot()),
            "measure name field 'measure_name' is missing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRecords")
  void shouldRejectRecordThatCannotBeMapped(
      String name, Spec spec, SinkRecord record, String reason) {
    RecordMapper mapper = new RecordMapper(spec.build());
    assertThatThrownBy(() -> mapper.map(record))
        .isInstanceOf(BadRecordException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void shouldNameTableAfterTopicWhenTemplateUsesIt() {
    MappingSpec spec = spec(s -> s.table = "metrics_${topic}").build();
    assertThat(new RecordMapper(spec).map(record(iot())).table()).isEqualTo("metrics_sensors");
  }

  @Test
  void shouldRenderTimestampMeasuresInTheRecordTimeUnit() {
    MappingSpec spec = spec(s -> s.measures = List.of("seen:TIMESTAMP")).build();
    TsRecord r =
        new RecordMapper(spec)
            .map(record(with(iot(), "seen", 1_672_531_200_000_001L)))
            .records()
            .get(0);
    assertThat(r.timeUnit()).isEqualTo(TsTimeUnit.MICROSECONDS);
    assertThat(r.time()).isEqualTo(1_672_531_200_000_000L);
    assertThat(r.measures().get(0).value()).isEqualTo("1672531200000001");
  }
}
