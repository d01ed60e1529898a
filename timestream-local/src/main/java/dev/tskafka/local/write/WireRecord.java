package dev.tskafka.local.write;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tskafka.local.protocol.Json;
import dev.tskafka.local.protocol.Violations;
import java.util.ArrayList;
import java.util.List;

/**
 * A Record of a WriteRecords request as sent: every member optional, absent ones null. Used both
 * for the records and for CommonAttributes.
 */
record WireRecord(
    List<WireDimension> dimensions,
    String measureName,
    String measureValue,
    String measureValueType,
    String time,
    String timeUnit,
    Long version,
    List<WireMeasureValue> measureValues) {

  static final List<String> MEASURE_VALUE_TYPES =
      List.of("DOUBLE", "BIGINT", "VARCHAR", "BOOLEAN", "TIMESTAMP", "MULTI");
  static final List<String> TIME_UNITS =
      List.of("MILLISECONDS", "SECONDS", "MICROSECONDS", "NANOSECONDS");
  static final WireRecord EMPTY =
      new WireRecord(List.of(), null, null, null, null, null, null, null);

  record WireDimension(String name, String value, String dimensionValueType) {}

  record WireMeasureValue(String name, String value, String type) {}

  static WireRecord parse(JsonNode node) {
    List<WireDimension> dimensions = new ArrayList<>();
    JsonNode dims = Json.array(node, "Dimensions");
    if (dims != null) {
      for (JsonNode d : dims) {
        dimensions.add(
            new WireDimension(
                Json.string(d, "Name"),
                Json.string(d, "Value"),
                Json.string(d, "DimensionValueType")));
      }
    }
    List<WireMeasureValue> measureValues = null;
    JsonNode values = Json.array(node, "MeasureValues");
    if (values != null) {
      measureValues = new ArrayList<>(values.size());
      for (JsonNode v : values) {
        measureValues.add(
            new WireMeasureValue(
                Json.string(v, "Name"), Json.string(v, "Value"), Json.string(v, "Type")));
      }
    }
    return new WireRecord(
        dimensions,
        Json.string(node, "MeasureName"),
        Json.string(node, "MeasureValue"),
        Json.string(node, "MeasureValueType"),
        Json.string(node, "Time"),
        Json.string(node, "TimeUnit"),
        Json.integer(node, "Version"),
        measureValues);
  }

  /** The model constraints of a Record, reported under {@code path} (ends with a dot). */
  void checkConstraints(Violations v, String path) {
    v.size(dimensions.size(), path + "dimensions", 0, 128);
    for (int i = 0; i < dimensions.size(); i++) {
      WireDimension d = dimensions.get(i);
      String at = path + "dimensions." + (i + 1) + ".member.";
      if (v.required(d.name(), at + "name")) {
        v.length(d.name(), at + "name", 1, Integer.MAX_VALUE);
      }
      v.required(d.value(), at + "value");
      v.oneOf(d.dimensionValueType(), at + "dimensionValueType", List.of("VARCHAR"));
    }
    v.length(measureName, path + "measureName", 1, Integer.MAX_VALUE);
    v.length(measureValue, path + "measureValue", 1, 2048);
    v.oneOf(measureValueType, path + "measureValueType", MEASURE_VALUE_TYPES);
    v.length(time, path + "time", 1, 256);
    v.oneOf(timeUnit, path + "timeUnit", TIME_UNITS);
    v.range(version, path + "version", 1, Long.MAX_VALUE);
    if (measureValues != null) {
      for (int i = 0; i < measureValues.size(); i++) {
        WireMeasureValue m = measureValues.get(i);
        String at = path + "measureValues." + (i + 1) + ".member.";
        if (v.required(m.name(), at + "name")) {
          v.length(m.name(), at + "name", 1, Integer.MAX_VALUE);
        }
        if (v.required(m.value(), at + "value")) {
          v.length(m.value(), at + "value", 1, 2048);
        }
        if (v.required(m.type(), at + "type")) {
          v.oneOf(m.type(), at + "type", MEASURE_VALUE_TYPES);
        }
      }
    }
  }

  /** This record with CommonAttributes filled in: common dimensions first, record members win. */
  WireRecord mergedWith(WireRecord common) {
    List<WireDimension> merged = dimensions;
    if (!common.dimensions.isEmpty()) {
      merged = new ArrayList<>(common.dimensions.size() + dimensions.size());
      merged.addAll(common.dimensions);
      merged.addAll(dimensions);
    }
    return new WireRecord(
        merged,
        or(measureName, common.measureName),
        or(measureValue, common.measureValue),
        or(measureValueType, common.measureValueType),
        or(time, common.time),
        or(timeUnit, common.timeUnit),
        or(version, common.version),
        or(measureValues, common.measureValues));
  }

  private static <T> T or(T own, T common) {
    return own != null ? own : common;
  }
}
