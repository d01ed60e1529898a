package dev.tskafka.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tskafka.streams.config.AppConfig;
import dev.tskafka.streams.config.PipelineConfig;
import dev.tskafka.streams.model.Reading;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JSON and Avro paths of {@link ReadingParser}: the same reading from the same content, and the
 * same reason for the same bad input. Avro records are built here, without a registry.
 */
class ReadingParserTest {
  static final long T = 1_672_531_200_000L;
  static final long KAFKA_TS = 1_700_000_000_000L;

  /** The wall clock the parser checks event times against: a minute after the Kafka timestamp. */
  static final long NOW = KAFKA_TS + 60_000;

  static final Schema ZONE = SchemaBuilder.enumeration("Zone").symbols("north", "south");
  static final Schema DECIMAL =
      LogicalTypes.decimal(9, 2).addToSchema(Schema.create(Schema.Type.BYTES));
  static final Schema MICROS =
      LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
  static final Schema MILLIS =
      LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));

  /** Every kind the Avro path reads; fields are nullable so tests can leave them out. */
  static final Schema SCHEMA =
      SchemaBuilder.record("Reading")
          .fields()
          .optionalString("device")
          .name("zone")
          .type()
          .optional()
          .type(ZONE)
          .optionalInt("floor")
          .optionalDouble("temp")
          .optionalFloat("humidity")
          .optionalLong("count")
          .optionalInt("errors")
          .name("price")
          .type()
          .optional()
          .type(DECIMAL)
          .optionalString("label")
          .optionalLong("ts")
          .name("ts_millis")
          .type()
          .optional()
          .type(MILLIS)
          .name("ts_micros")
          .type()
          .optional()
          .type(MICROS)
          .optionalString("ts_text")
          .optionalBoolean("flag")
          .name("tags")
          .type()
          .optional()
          .map()
          .values()
          .stringType()
          .endRecord();

  static ReadingParser parser(String timeField, String measures) {
    Properties p = new Properties();
    p.put("pipelines", "t");
    p.put("pipeline.t.input.topics", "in");
    p.put("pipeline.t.dimensions", "device,zone,floor");
    p.put("pipeline.t.measures", measures);
    p.put("pipeline.t.time.field", timeField);
    p.put("pipeline.t.window.size", "1m");
    PipelineConfig config = AppConfig.from(p).pipelines().get(0);
    return new ReadingParser(config);
  }

  static ReadingParser parser() {
    return parser("ts", "temp,humidity,count,errors,price");
  }

  static GenericRecord avro(Map<String, Object> fields) {
    GenericRecord r = new GenericData.Record(SCHEMA);
    fields.forEach(r::put);
    return r;
  }

  static GenericRecord base() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("device", new Utf8("dev-1"));
    f.put("zone", new GenericData.EnumSymbol(ZONE, "north"));
    f.put("floor", 3);
    f.put("temp", 21.5);
    f.put("ts", T);
    return avro(f);
  }

  static final String BASE_JSON =
      "{\"device\":\"dev-1\",\"zone\":\"north\",\"floor\":3,\"temp\":21.5,\"ts\":" + T + "}";

  static Reading json(ReadingParser parser, String json) {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8), KAFKA_TS, NOW);
  }

  static GenericRecord with(GenericRecord r, String field, Object value) {
    GenericRecord copy = new GenericData.Record((GenericData.Record) r, true);
    copy.put(field, value);
    return copy;
  }

  static String jsonWith(String field, String rawValue) {
    return BASE_JSON.replace("}", ",\"" + field + "\":" + rawValue + "}");
  }

  @Test
  void shouldReadTheSameReadingAsTheEquivalentJson() {
    Reading fromAvro = parser().parse(base(), KAFKA_TS, NOW);
    assertThat(fromAvro).isEqualTo(json(parser(), BASE_JSON));
    assertThat(fromAvro.dimensions())
        .containsExactly(
            Map.entry("device", "dev-1"), Map.entry("zone", "north"), Map.entry("floor", "3"));
    assertThat(fromAvro.measures()).containsExactly(Map.entry("temp", 21.5));
    assertThat(fromAvro.eventTime()).isEqualTo(T);
  }

  @Test
  void shouldReadEveryNumericTypeAsJsonWouldCarryIt() {
    GenericRecord r = with(base(), "humidity", 21.3f);
    r = with(r, "count", 12_345_678_901L);
    r = with(r, "errors", 7);
    BigDecimal price = new BigDecimal("19.90");
    r =
        with(
            r,
            "price",
            new Conversions.DecimalConversion().toBytes(price, DECIMAL, DECIMAL.getLogicalType()));
    String json =
        BASE_JSON.replace(
            "}", ",\"humidity\":21.3,\"count\":12345678901,\"errors\":7,\"price\":19.90}");
    Reading fromAvro = parser().parse(r, KAFKA_TS, NOW);
    assertThat(fromAvro).isEqualTo(json(parser(), json));
    // The float is read as its shortest text, not as 21.299999237060547.
    assertThat(fromAvro.measures()).containsEntry("humidity", 21.3).containsEntry("price", 19.9);
  }

  @Test
  void shouldSkipANullMeasureLikeJsonNull() {
    GenericRecord r = with(base(), "humidity", null);
    assertThat(parser().parse(r, KAFKA_TS, NOW))
        .isEqualTo(json(parser(), jsonWith("humidity", "null")));
    assertThat(parser().parse(r, KAFKA_TS, NOW).measures()).containsOnlyKeys("temp");
  }

  @Test
  void shouldSkipAMeasureTheSchemaDoesNotHave() {
    ReadingParser parser = parser("ts", "temp,not_in_schema");
    assertThat(parser.parse(base(), KAFKA_TS, NOW).measures()).containsOnlyKeys("temp");
  }

  @ParameterizedTest
  @CsvSource({"ts_millis", "ts_micros", "ts_text"})
  void shouldReadTimestampLogicalTypesAndIsoText(String field) {
    Object value =
        switch (field) {
          case "ts_millis" -> T + 123;
          case "ts_micros" -> (T + 123) * 1_000 + 456; // µs, truncated to ms
          default -> new Utf8("2023-01-01T00:00:00.123Z");
        };
    GenericRecord r = with(base(), field, value);
    assertThat(parser(field, "temp").parse(r, KAFKA_TS, NOW).eventTime()).isEqualTo(T + 123);
  }

  @Test
  void shouldUseTheKafkaTimestampWithoutATimeField() {
    assertThat(parser("", "temp").parse(base(), KAFKA_TS, NOW).eventTime()).isEqualTo(KAFKA_TS);
    assertThat(parser("", "temp").parse(base(), KAFKA_TS, NOW))
        .isEqualTo(json(parser("", "temp"), BASE_JSON));
  }

  /** The same bad content in both formats fails with the same reason. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "device absent | device | | missing dimension 'device'",
        "device empty | device | '' | missing dimension 'device'",
        "dimension a map | device | MAP | missing dimension 'device'",
        "measure a string | temp | 'hot' | measure 'temp' is \"hot\", not a number",
        "measure a boolean | temp | true | measure 'temp' is true, not a number",
        "measure not finite | temp | NaN | measure 'temp' is not finite",
        "no measure | temp | | none of the measures [temp, humidity, count, errors, price] is present",
        "time absent | ts | | missing time field 'ts'",
        "time text | ts | 'yesterday' | time field 'ts' is \"yesterday\", not epoch ms or ISO-8601",
      })
  void shouldRejectBadInputWithTheJsonReason(
      String name, String field, String value, String reason) {
    // Avro: a field of the right name, moved to a schema where it has the bad value's type.
    Object avroValue;
    String jsonValue;
    if (value == null) {
      avroValue = null;
      jsonValue = null;
    } else if (value.equals("MAP")) {
      avroValue = Map.of("a", "b");
      jsonValue = "{\"a\":\"b\"}";
    } else if (value.equals("true")) {
      avroValue = true;
      jsonValue = "true";
    } else if (value.equals("NaN")) {
      avroValue = Double.NaN;
      jsonValue = null; // JSON has no NaN
    } else {
      avroValue = new Utf8(value);
      jsonValue = "\"" + value + "\"";
    }
    GenericRecord record = withAnyType(base(), field, avroValue);
    assertThatThrownBy(() -> parser().parse(record, KAFKA_TS, NOW))
        .isInstanceOf(BadInputException.class)
        .hasMessage(reason);
    if (jsonValue != null || value == null) {
      String json =
          value == null
              ? BASE_JSON.replaceAll(",?\"" + field + "\":[^,}]*", "").replace("{,", "{")
              : BASE_JSON.replaceAll("\"" + field + "\":[^,}]*", "\"" + field + "\":" + jsonValue);
      assertThatThrownBy(() -> json(parser(), json)).hasMessage(reason);
    }
  }

  @Test
  void shouldRejectATimeOfTheWrongType() {
    GenericRecord r = with(base(), "flag", true);
    assertThatThrownBy(() -> parser("flag", "temp").parse(r, KAFKA_TS, NOW))
        .hasMessage("time field 'flag' is true, not epoch ms or ISO-8601");
  }

  @Test
  void shouldRejectBytesAsAMeasure() {
    Schema withBytes =
        SchemaBuilder.record("R")
            .fields()
            .requiredString("device")
            .requiredString("zone")
            .requiredInt("floor")
            .requiredBytes("temp")
            .requiredLong("ts")
            .endRecord();
    GenericRecord b = new GenericData.Record(withBytes);
    b.put("device", "d");
    b.put("zone", "north");
    b.put("floor", 1);
    b.put("temp", ByteBuffer.wrap(new byte[] {1, 2}));
    b.put("ts", T);
    assertThatThrownBy(() -> parser().parse(b, KAFKA_TS, NOW))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("measure 'temp' is ")
        .hasMessageEndingWith(", not a number");
  }

  /**
   * A copy of {@code r} whose {@code field} has the type of {@code value} (null: the field is left
   * out of the schema), so that any bad value can be given to any field.
   */
  static GenericRecord withAnyType(GenericRecord r, String field, Object value) {
    SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("Bad").fields();
    for (Schema.Field f : r.getSchema().getFields()) {
      if (!f.name().equals(field)) {
        fields.name(f.name()).type(f.schema()).withDefault(null);
      }
    }
    if (value instanceof CharSequence) {
      fields.requiredString(field);
    } else if (value instanceof Boolean) {
      fields.requiredBoolean(field);
    } else if (value instanceof Double) {
      fields.requiredDouble(field);
    } else if (value instanceof Map) {
      fields.name(field).type().map().values().stringType().noDefault();
    }
    Schema schema = fields.endRecord();
    GenericRecord copy = new GenericData.Record(schema);
    for (Schema.Field f : schema.getFields()) {
      copy.put(f.name(), f.name().equals(field) ? value : r.get(f.name()));
    }
    return copy;
  }

  @Test
  void shouldRejectAMeasureTooLargeForWindowStatisticsInBothFormats() {
    String reason =
        "measure 'temp' is 1.7976931348623157E308, beyond ±1.0E150 (window statistics would"
            + " overflow)";
    GenericRecord huge = with(base(), "temp", Double.MAX_VALUE);
    assertThatThrownBy(() -> parser().parse(huge, KAFKA_TS, NOW))
        .isInstanceOf(BadInputException.class)
        .hasMessage(reason);
    assertThatThrownBy(() -> json(parser(), BASE_JSON.replace("21.5", "1.7976931348623157E308")))
        .hasMessage(reason);
  }

  @Test
  void shouldRejectADimensionValueLongerThanTimestreamAllowsCountingUtf8Bytes() {
    assertThatThrownBy(() -> json(parser(), BASE_JSON.replace("dev-1", "x".repeat(70_000))))
        .isInstanceOf(BadInputException.class)
        .hasMessage("dimension 'device' is 70000 bytes of UTF-8; Timestream allows 2048");
    // 'é' is two bytes: 1,000 of them fit, 1,100 do not.
    assertThat(json(parser(), BASE_JSON.replace("dev-1", "é".repeat(1_000))).dimensions())
        .containsEntry("device", "é".repeat(1_000));
    assertThatThrownBy(() -> json(parser(), BASE_JSON.replace("dev-1", "é".repeat(1_100))))
        .hasMessage("dimension 'device' is 2200 bytes of UTF-8; Timestream allows 2048");
  }

  @Test
  void shouldRejectAnEventTimeFurtherAheadOfTheClockThanAllowedAndAcceptOneWithin() {
    long tenYearsAhead = NOW + 10L * 365 * 86_400_000;
    assertThatThrownBy(() -> parser().parse(with(base(), "ts", tenYearsAhead), KAFKA_TS, NOW))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("s ahead of this machine's clock; at most PT15M is accepted");
    // Microseconds sent as milliseconds: tens of thousands of years ahead.
    assertThatThrownBy(
            () -> json(parser(), BASE_JSON.replace(Long.toString(T), Long.toString(NOW * 1_000))))
        .hasMessageContaining("ahead of this machine's clock");
    long inTenMinutes = NOW + 600_000;
    assertThat(parser().parse(with(base(), "ts", inTenMinutes), KAFKA_TS, NOW).eventTime())
        .isEqualTo(inTenMinutes);
  }

  @Test
  void shouldRejectIsoTimeWhoseYearIsBeyondEpochMilliseconds() {
    String json = BASE_JSON.replace(Long.toString(T), "\"+999999999-12-31T23:59:59Z\"");
    assertThatThrownBy(() -> json(parser(), json))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            "time field 'ts' is +999999999-12-31T23:59:59Z, too far from 1970 for epoch"
                + " milliseconds");
  }

  @Test
  void shouldRejectAnAvroDecimalWithZeroLengthBytes() {
    GenericRecord empty = with(base(), "price", ByteBuffer.allocate(0));
    assertThatThrownBy(() -> parser().parse(empty, KAFKA_TS, NOW))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("a decimal that cannot be read");
  }

  @Test
  void shouldSkipJsonFieldsNoPipelineReadsWhateverTheirShape() {
    String json =
        BASE_JSON.replace(
            "{",
            "{\"meta\":{\"nested\":[1,{\"temp\":99}],\"s\":\"x\"},\"list\":[\"a\",null],"
                + "\"other\":\"text\",");
    assertThat(json(parser(), json)).isEqualTo(json(parser(), BASE_JSON));
  }

  @Test
  void shouldRefuseMalformedJsonEvenInAFieldNoPipelineReads() {
    String json = BASE_JSON.replace("{", "{\"meta\":[1,2},");
    assertThatThrownBy(() -> json(parser(), json))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("not JSON: Unexpected close marker '}'");
  }

  @Test
  void shouldKeepTheLastValueOfARepeatedJsonFieldAsATreeDoes() {
    assertThat(json(parser(), jsonWith("temp", "30.5")).measures()).containsEntry("temp", 30.5);
    String nulledLast = jsonWith("humidity", "40").replace("}", ",\"humidity\":null}");
    assertThat(json(parser(), nulledLast).measures()).containsOnlyKeys("temp");
  }

  @Test
  void shouldReadJsonScalarsAsTheirTextAndContainersInReasons() {
    String numbers = BASE_JSON.replace("\"floor\":3", "\"floor\":2.50");
    assertThat(json(parser(), numbers).dimensions()).containsEntry("floor", "2.5");
    assertThat(json(parser(), BASE_JSON.replace("\"north\"", "true")).dimensions())
        .containsEntry("zone", "true");
    assertThatThrownBy(() -> json(parser(), BASE_JSON.replace("21.5", "{\"a\":[1]}")))
        .hasMessage("measure 'temp' is {\"a\":[1]}, not a number");
    assertThatThrownBy(() -> json(parser(), BASE_JSON.replace("21.5", "\"2\\u00b0\"")))
        .hasMessage("measure 'temp' is \"2\u00b0\", not a number");
  }

  @Test
  void shouldRefuseJsonThatIsNotAnObjectOrWhoseEnvelopePayloadIsNot() {
    for (String json :
        List.of(
            "[1,2]",
            "42",
            "\"text\"",
            "{\"schema\":{},\"payload\":\"x\"}",
            "{\"payload\":null,\"schema\":null}")) {
      assertThatThrownBy(() -> json(parser(), json))
          .as(json)
          .isInstanceOf(BadInputException.class)
          .hasMessage("not a JSON object");
    }
    String envelope = "{\"schema\":{\"type\":\"struct\"},\"payload\":" + BASE_JSON + "}";
    assertThat(json(parser(), envelope)).isEqualTo(json(parser(), BASE_JSON));
  }
}
