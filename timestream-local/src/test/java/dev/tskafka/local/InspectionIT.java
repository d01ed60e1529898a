package dev.tskafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteClient;
import software.amazon.awssdk.services.timestreamwrite.model.Dimension;
import software.amazon.awssdk.services.timestreamwrite.model.MeasureValue;
import software.amazon.awssdk.services.timestreamwrite.model.Record;

/** The rows endpoint outside the AWS protocol: JSON rows with a count, filtered. */
class InspectionIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TimestreamLocal local;
  private static long t0;

  @BeforeAll
  static void start() {
    local = TimestreamLocal.builder().start();
    t0 = System.currentTimeMillis() - 60_000;
    try (TimestreamWriteClient client = LocalEndpoint.client(local.endpoint())) {
      client.createDatabase(b -> b.databaseName("iot"));
      client.createTable(b -> b.databaseName("iot").tableName("sensors"));
      Dimension device = Dimension.builder().name("device_id").value("s-1").build();
      client.writeRecords(
          b ->
              b.databaseName("iot")
                  .tableName("sensors")
                  .records(
                      Record.builder()
                          .dimensions(device)
                          .measureName("temperature")
                          .measureValue("25.5")
                          .time(Long.toString(t0))
                          .build(),
                      Record.builder()
                          .dimensions(device)
                          .measureName("temperature")
                          .measureValue("26.5")
                          .time(Long.toString(t0 + 10_000))
                          .build(),
                      Record.builder()
                          .dimensions(device)
                          .measureName("humidity")
                          .measureValueType("BIGINT")
                          .measureValue("60")
                          .time(Long.toString(t0))
                          .build(),
                      Record.builder()
                          .dimensions(device)
                          .measureName("reading")
                          .measureValueType("MULTI")
                          .measureValues(
                              MeasureValue.builder()
                                  .name("ok")
                                  .type("BOOLEAN")
                                  .value("true")
                                  .build(),
                              MeasureValue.builder()
                                  .name("pressure")
                                  .type("DOUBLE")
                                  .value("1013.2")
                                  .build())
                          .time(Long.toString(t0 + 20_000))
                          .build()));
    }
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  private static JsonNode get(String pathAndQuery) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(local.endpoint() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  @Test
  void shouldReturnAllRowsWithTypedValuesAndCount() throws Exception {
    JsonNode page = get("/_local/databases/iot/tables/sensors/rows");

    assertThat(page.get("count").asInt()).isEqualTo(4);
    JsonNode first = page.get("rows").get(0);
    assertThat(first.get("dimensions").get("device_id").asText()).isEqualTo("s-1");
    assertThat(first.get("time").asText()).isEqualTo(Instant.ofEpochMilli(t0).toString());
    assertThat(first.get("version").asLong()).isEqualTo(1);
    JsonNode multi = page.get("rows").get(3);
    assertThat(multi.get("measureValueType").asText()).isEqualTo("MULTI");
    assertThat(multi.get("measureValues").get("ok").get("value").isBoolean()).isTrue();
    assertThat(multi.get("measureValues").get("pressure").get("value").asDouble())
        .isEqualTo(1013.2);
  }

  @Test
  void shouldFilterByMeasureNameAndTimeRange() throws Exception {
    JsonNode temperature = get("/_local/databases/iot/tables/sensors/rows?measureName=temperature");
    JsonNode later =
        get(
            "/_local/databases/iot/tables/sensors/rows?from="
                + (t0 + 1)
                + "&to="
                + Instant.ofEpochMilli(t0 + 15_000));
    JsonNode limited = get("/_local/databases/iot/tables/sensors/rows?limit=1");

    assertThat(temperature.get("count").asInt()).isEqualTo(2);
    assertThat(temperature.get("rows").get(0).get("measureValue").asDouble()).isEqualTo(25.5);
    assertThat(later.get("count").asInt()).isEqualTo(1);
    assertThat(later.get("rows").get(0).get("measureValue").asDouble()).isEqualTo(26.5);
    assertThat(limited.get("count").asInt()).isEqualTo(4);
    assertThat(limited.get("rows").size()).isEqualTo(1);
  }

  @Test
  void shouldListDatabasesWithRowCounts() throws Exception {
    JsonNode databases = get("/_local/databases");

    assertThat(databases.get("databases").get(0).get("tables").get(0).get("rowCount").asInt())
        .isEqualTo(4);
  }

  @Test
  void shouldAnswer404ForMissingTable() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(local.endpoint() + "/_local/databases/iot/tables/nope/rows"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).get("error").asText()).contains("nope");
  }
}
