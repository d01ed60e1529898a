package dev.tskafka.connector.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tskafka.connector.mapping.MeasureType;
import dev.tskafka.connector.mapping.TsDimension;
import dev.tskafka.connector.mapping.TsMeasure;
import dev.tskafka.connector.mapping.TsRecord;
import dev.tskafka.connector.mapping.TsTimeUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteRecordsJsonTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static TsRecord single(String name, String value, TsTimeUnit unit, Long version) {
    return new TsRecord(
        List.of(new TsDimension("host", "web-01")),
        name,
        false,
        List.of(new TsMeasure(name, MeasureType.DOUBLE, value)),
        1_700_000_000_000L,
        unit,
        version);
  }

  static JsonNode body(List<TsRecord> records) throws Exception {
    WriteRecordsJson.Body body = WriteRecordsJson.body("db", "tbl", records);
    return JSON.readTree(body.bytes(), 0, body.length());
  }

  @Test
  void shouldPutWhatEveryRecordSharesIntoCommonAttributesOnce() throws Exception {
    JsonNode body =
        body(
            List.of(
                single("cpu", "1.5", TsTimeUnit.MILLISECONDS, 7L),
                single("cpu", "2.5", TsTimeUnit.MILLISECONDS, null)));
    assertThat(body.get("DatabaseName").asText()).isEqualTo("db");
    assertThat(body.get("TableName").asText()).isEqualTo("tbl");
    assertThat(body.get("CommonAttributes"))
        .isEqualTo(
            JSON.readTree(
                "{\"MeasureName\":\"cpu\",\"MeasureValueType\":\"DOUBLE\",\"TimeUnit\":\"MILLISECONDS\"}"));
    assertThat(body.get("Records").get(0))
        .isEqualTo(
            JSON.readTree(
                "{\"Dimensions\":[{\"Name\":\"host\",\"Value\":\"web-01\"}],\"MeasureValue\":\"1.5\","
                    + "\"Time\":\"1700000000000\",\"Version\":7}"));
    assertThat(body.get("Records").get(1).has("Version")).isFalse(); // unset members are left out
  }

  @Test
  void shouldNameUnitNameAndTypePerRecordWhenTheyDiffer() throws Exception {
    TsRecord multi =
        new TsRecord(
            List.of(new TsDimension("device", "s-1")),
            "metrics",
            true,
            List.of(
                new TsMeasure("temperature", MeasureType.DOUBLE, "21.5"),
                new TsMeasure("ok", MeasureType.BOOLEAN, "true")),
            1_700_000_000_000_000L,
            TsTimeUnit.MICROSECONDS,
            null);
    JsonNode body = body(List.of(single("cpu", "1.5", TsTimeUnit.MILLISECONDS, null), multi));
    assertThat(body.has("CommonAttributes")).isFalse();
    JsonNode second = body.get("Records").get(1);
    assertThat(second.get("MeasureName").asText()).isEqualTo("metrics");
    assertThat(second.get("MeasureValueType").asText()).isEqualTo("MULTI");
    assertThat(second.get("TimeUnit").asText()).isEqualTo("MICROSECONDS");
    assertThat(second.get("MeasureValues"))
        .isEqualTo(
            JSON.readTree(
                "[{\"Name\":\"temperature\",\"Value\":\"21.5\",\"Type\":\"DOUBLE\"},"
                    + "{\"Name\":\"ok\",\"Value\":\"true\",\"Type\":\"BOOLEAN\"}]"));
    assertThat(body.get("Records").get(0).get("MeasureValueType").asText()).isEqualTo("DOUBLE");
  }

  @Test
  void shouldEscapeQuotesControlCharactersAndKeepUnicodeInValues() throws Exception {
    String awkward = "say \"hi\"\\ /\n\r\t\b\f€ 温度 \u0001\u001f\u007f é 😀 \ud800 end";
    TsRecord r =
        new TsRecord(
            List.of(new TsDimension("note", awkward)),
            "m",
            false,
            List.of(new TsMeasure("m", MeasureType.VARCHAR, awkward)),
            1L,
            TsTimeUnit.SECONDS,
            null);
    JsonNode record = body(List.of(r)).get("Records").get(0);
    assertThat(record.get("Dimensions").get(0).get("Value").asText()).isEqualTo(awkward);
    assertThat(record.get("MeasureValue").asText()).isEqualTo(awkward);
  }
}
