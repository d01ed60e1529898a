package dev.tskafka.streams.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tskafka.streams.config.PipelineConfig;
import dev.tskafka.streams.model.Reading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads an input record into a {@link Reading}: every dimension must be present, at least one
 * measure must be a number, and the time is the configured field (epoch ms, ISO-8601 text or an
 * Avro timestamp) or the Kafka timestamp. JSON records (plain, or Connect's {@code
 * {"schema":..,"payload":..}} envelope) and Avro records are read through a {@link FieldSource}, so
 * both formats are validated by the same code and fail with the same reasons.
 *
 * <p>It also refuses what would fail later, so that no input stops a stream thread: a dimension
 * value longer than Timestream allows ({@value #MAX_DIMENSION_BYTES} UTF-8 bytes), a measure beyond
 * ±{@value #MAX_MEASURE_MAGNITUDE} (window statistics keep squared deviations, which overflow past
 * that, and the percentile sketch holds nothing near {@code Double.MAX_VALUE}), and an event time
 * further ahead of the wall clock than the pipeline's {@code time.max.future}.
 */
public final class ReadingParser {
  /** Timestream's limit for a dimension value. */
  public static final int MAX_DIMENSION_BYTES = 2048;

  /** The largest magnitude of a measure: its square, and sums of squares, stay finite. */
  public static final double MAX_MEASURE_MAGNITUDE = 1e150;

  private final PipelineConfig pipeline;

  /** The fields a reading is made of: a JSON record's others are skipped unread. */
  private final Set<String> fieldNames;

  public ReadingParser(PipelineConfig pipeline) {
    this.pipeline = pipeline;
    Set<String> names = new HashSet<>(pipeline.dimensions());
    names.addAll(pipeline.measures());
    if (pipeline.timeField() != null) {
      names.add(pipeline.timeField());
    }
    this.fieldNames = Set.copyOf(names);
  }

  /** Reads a JSON record; {@code nowMs} is the wall clock that event times are checked against. */
  public Reading parse(byte[] value, long kafkaTimestamp, long nowMs) {
    if (value == null) {
      throw new BadInputException("empty record (tombstone)");
    }
    JsonFields fields;
    try {
      fields = JsonFields.read(value, fieldNames);
    } catch (JsonProcessingException e) {
      throw new BadInputException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadInputException("unreadable: " + e.getMessage());
    }
    return parse(fields, kafkaTimestamp, nowMs);
  }

  /** Reads an Avro record, as a registry deserializer returns it. */
  public Reading parse(GenericRecord value, long kafkaTimestamp, long nowMs) {
    if (value == null) {
      throw new BadInputException("empty record (tombstone)");
    }
    return parse(new AvroFields(value), kafkaTimestamp, nowMs);
  }

  private Reading parse(FieldSource fields, long kafkaTimestamp, long nowMs) {
    LinkedHashMap<String, String> dimensions = new LinkedHashMap<>();
    for (String d : pipeline.dimensions()) {
      FieldSource.Value v = fields.get(d);
      String text = v == null ? null : v.text();
      if (text == null || text.isEmpty()) {
        throw new BadInputException("missing dimension '" + d + "'");
      }
      int bytes = utf8Length(text);
      if (bytes > MAX_DIMENSION_BYTES) {
        throw new BadInputException(
            "dimension '"
                + d
                + "' is "
                + bytes
                + " bytes of UTF-8; Timestream allows "
                + MAX_DIMENSION_BYTES);
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
      if (Math.abs(d) > MAX_MEASURE_MAGNITUDE) {
        throw new BadInputException(
            "measure '"
                + m
                + "' is "
                + d
                + ", beyond ±"
                + MAX_MEASURE_MAGNITUDE
                + " (window"
                + " statistics would overflow)");
      }
      measures.put(m, d);
    }
    if (measures.isEmpty()) {
      throw new BadInputException("none of the measures " + pipeline.measures() + " is present");
    }
    long time = time(fields, kafkaTimestamp);
    long latest = nowMs + pipeline.maxFuture().toMillis();
    if (time > latest) {
      throw new BadInputException(
          "event time "
              + Instant.ofEpochMilli(time)
              + " is "
              + Duration.ofMillis(time - nowMs).toSeconds()
              + " s ahead of this machine's clock; at most "
              + pipeline.maxFuture()
              + " is accepted (time.max.future)");
    }
    return new Reading(dimensions, measures, time);
  }

  private static int utf8Length(String s) {
    // Three bytes per char at most: only a long value needs counting, rarely.
    return s.length() * 3 <= MAX_DIMENSION_BYTES
        ? s.length()
        : s.getBytes(StandardCharsets.UTF_8).length;
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
    String text = t.text();
    OffsetDateTime parsed = null;
    try {
      parsed = text == null ? null : OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      // reported below
    }
    if (parsed != null) {
      try {
        return parsed.toInstant().toEpochMilli();
      } catch (ArithmeticException e) {
        throw new BadInputException(
            "time field '"
                + pipeline.timeField()
                + "' is "
                + text
                + ", too far from 1970 for epoch milliseconds");
      }
    }
    throw new BadInputException(
        "time field '" + pipeline.timeField() + "' is " + t + ", not epoch ms or ISO-8601");
  }
}
