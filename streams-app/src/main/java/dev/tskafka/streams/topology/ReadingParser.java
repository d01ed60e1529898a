package dev.tskafka.streams.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tskafka.streams.config.PipelineConfig;
import dev.tskafka.streams.model.Reading;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a JSON record (plain, or Connect's {@code {"schema":..,"payload":..}} envelope) into a
 * {@link Reading}: every dimension must be present, at least one measure must be a number, and the
 * time is the configured field (epoch ms or ISO-8601 text) or the Kafka timestamp.
 */
public final class ReadingParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PipelineConfig pipeline;

  public ReadingParser(PipelineConfig pipeline) {
    this.pipeline = pipeline;
  }

  public Reading parse(byte[] value, long kafkaTimestamp) {
    if (value == null) {
      throw new BadInputException("empty record (tombstone)");
    }
    JsonNode root;
    try {
      root = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw new BadInputException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadInputException("unreadable: " + e.getMessage());
    }
    if (root != null && root.has("schema") && root.has("payload")) {
      root = root.get("payload");
    }
    if (root == null || !root.isObject()) {
      throw new BadInputException("not a JSON object");
    }
    LinkedHashMap<String, String> dimensions = new LinkedHashMap<>();
    for (String d : pipeline.dimensions()) {
      JsonNode v = root.get(d);
      if (v == null || v.isNull() || v.isContainerNode() || v.asText().isEmpty()) {
        throw new BadInputException("missing dimension '" + d + "'");
      }
      dimensions.put(d, v.asText());
    }
    Map<String, Double> measures = new LinkedHashMap<>();
    for (String m : pipeline.measures()) {
      JsonNode v = root.get(m);
      if (v == null || v.isNull()) {
        continue;
      }
      if (!v.isNumber()) {
        throw new BadInputException("measure '" + m + "' is " + v + ", not a number");
      }
      double d = v.asDouble();
      if (!Double.isFinite(d)) {
        throw new BadInputException("measure '" + m + "' is not finite");
      }
      measures.put(m, d);
    }
    if (measures.isEmpty()) {
      throw new BadInputException("none of the measures " + pipeline.measures() + " is present");
    }
    return new Reading(dimensions, measures, time(root, kafkaTimestamp));
  }

  private long time(JsonNode root, long kafkaTimestamp) {
    if (pipeline.timeField() == null) {
      if (kafkaTimestamp < 0) {
        throw new BadInputException("no Kafka timestamp");
      }
      return kafkaTimestamp;
    }
    JsonNode t = root.get(pipeline.timeField());
    if (t == null || t.isNull()) {
      throw new BadInputException("missing time field '" + pipeline.timeField() + "'");
    }
    if (t.isIntegralNumber()) {
      return t.asLong();
    }
    try {
      return OffsetDateTime.parse(t.asText()).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new BadInputException(
          "time field '" + pipeline.timeField() + "' is " + t + ", not epoch ms or ISO-8601");
    }
  }
}
