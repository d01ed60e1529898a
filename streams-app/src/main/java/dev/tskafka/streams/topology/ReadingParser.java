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
import org.apache.avro.generic.GenericRecord;

/**
 * Reads an input record into a {@link Reading}: every dimension must be present, at least one
 * measure must be a number, and the time is the configured field (epoch ms, ISO-8601 text or an
 * Avro timestamp) or the Kafka timestamp. JSON records (plain, or Connect's {@code
 * {"schema":..,"payload":..}} envelope) and Avro records are read through a {@link FieldSource}, so
 * both formats are validated by the same code and fail with the same reasons.
 */
public final class ReadingParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PipelineConfig pipeline;

  public ReadingParser(PipelineConfig pipeline) {
    this.pipeline = pipeline;
  }

  /** Reads a JSON record. */
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
    return parse(new JsonFields(root), kafkaTimestamp);
  }

  /** Reads an Avro record, as a registry deserializer returns it. */
  public Reading parse(GenericRecord value, long kafkaTimestamp) {
    if (value == null) {
      throw new BadInputException("empty record (tombstone)");
    }
    return parse(new AvroFields(value), kafkaTimestamp);
  }

  private Reading parse(FieldSource fields, long kafkaTimestamp) {
    LinkedHashMap<String, String> dimensions = new LinkedHashMap<>();
    for (String d : pipeline.dimensions()) {
      FieldSource.Value v = fields.get(d);
      String text = v == null ? null : v.text();
      if (text == null || text.isEmpty()) {
        throw new BadInputException("missing dimension '" + d + "'");
      }
      dimensions.put(d, text);
    }
    Map<String, Double> measures = new LinkedHashMap<>();
    for (String m : pipeline.measures()) {
      FieldSource.Value v = fields.get(m);
      if (v == null) {
        continue;
      }
      Double d = v.number();
      if (d == null) {
        throw new BadInputException("measure '" + m + "' is " + v + ", not a number");
      }
      if (!Double.isFinite(d)) {
        throw new BadInputException("measure '" + m + "' is not finite");
      }
      measures.put(m, d);
    }
    if (measures.isEmpty()) {
      throw new BadInputException("none of the measures " + pipeline.measures() + " is present");
    }
    return new Reading(dimensions, measures, time(fields, kafkaTimestamp));
  }

  private long time(FieldSource fields, long kafkaTimestamp) {
    if (pipeline.timeField() == null) {
      if (kafkaTimestamp < 0) {
        throw new BadInputException("no Kafka timestamp");
      }
      return kafkaTimestamp;
    }
    FieldSource.Value t = fields.get(pipeline.timeField());
    if (t == null) {
      throw new BadInputException("missing time field '" + pipeline.timeField() + "'");
    }
    Long millis = t.epochMillis();
    if (millis != null) {
      return millis;
    }
    try {
      String text = t.text();
      if (text != null) {
        return OffsetDateTime.parse(text).toInstant().toEpochMilli();
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new BadInputException(
        "time field '" + pipeline.timeField() + "' is " + t + ", not epoch ms or ISO-8601");
  }
}
