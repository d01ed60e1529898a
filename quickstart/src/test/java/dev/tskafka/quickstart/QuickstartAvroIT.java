package dev.tskafka.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The quickstart with {@code --format avro}: a real Apicurio registry, the scenarios' schemas
 * registered, registry-framed Avro samples read by the connectors (Apicurio's AvroConverter) and by
 * the streams app (its registry serde); the same report.
 */
class QuickstartAvroIT extends QuickstartRunChecks {
  QuickstartAvroIT() {
    super("avro");
  }

  @Test
  void shouldRegisterEachScenarioSchemaInTheRegistry() throws Exception {
    String registry = find("schema registry +(http://\\S+/apis/ccompat/v7)");
    List<String> subjects = new ArrayList<>();
    for (JsonNode s : get(registry + "/subjects")) {
      subjects.add(s.asText());
    }
    assertThat(subjects)
        .contains(
            "iot.sensors-value", "api.metrics-value", "market.ticks-value", "host.metrics-value");
  }
}
