package dev.tskafka.quickstart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tskafka.quickstart.scenario.Scenario;
import dev.tskafka.streams.config.PipelineConfig;
import java.util.List;
import java.util.Map;

/**
 * A scenario as deployed: its streams pipeline, the connectors (named after their config/ files)
 * with the Timestream tables they write the raw samples and the aggregates to, and how its samples
 * are written to Kafka (JSON, or registry-framed Avro when {@code avro} is set).
 */
record ScenarioSetup(
    Scenario scenario,
    PipelineConfig pipeline,
    List<String> connectors,
    TableRef rawTable,
    TableRef aggregatesTable,
    AvroEncoding avro) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A Timestream table. */
  record TableRef(String database, String table) {
    @Override
    public String toString() {
      return database + "." + table;
    }
  }

  /** The Kafka record value of a sample. */
  byte[] encode(Map<String, Object> fields) {
    if (avro != null) {
      return avro.encode(fields);
    }
    try {
      return JSON.writeValueAsBytes(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
