package dev.tskafka.local.write;

import dev.tskafka.local.protocol.MemberPath;
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
  static final List<String> DIMENSION_VALUE_TYPES = List.of("VARCHAR");
  static final List<String> TIME_UNITS =
      List.of("MILLISECONDS", "SECONDS", "MICROSECONDS", "NANOSECONDS");
  static final WireRecord EMPTY =
      new WireRecord(List.of(), null, null, null, null, null, null, null);

  record WireDimension(String name, String value, String dimensionValueType) {}

  record WireMeasureValue(String name, String value, String type) {}

  /** The model constraints of a Record, reported under {@code path}. */
  void checkConstraints(Violations v, MemberPath path) {
    v.size(dimensions.size(), path.member("dimensions"), 0, 128);
    for (int i = 0; i < dimensions.size(); i++) {
      WireDimension d = dimensions.get(i);
      MemberPath at = path.member("dimensions").element(i);
      if (v.required(d.name(), at.member("name"))) {
        v.length(d.name(), at.member("name"), 1, Integer.MAX_VALUE);
      }
      v.required(d.value(), at.member("value"));
      v.oneOf(d.dimensionValueType(), at.member("dimensionValueType"), DIMENSION_VALUE_TYPES);
    }
    v.length(measureName, path.member("measureName"), 1, Integer.MAX_VALUE);
    v.length(measureValue, path.member("measureValue"), 1, 2048);
    v.oneOf(measureValueType, path.member("measureValueType"), MEASURE_VALUE_TYPES);
    v.length(time, path.member("time"), 1, 256);
    v.oneOf(timeUnit, path.member("timeUnit"), TIME_UNITS);
    v.range(version, path.member("version"), 1, Long.MAX_VALUE);
    if (measureValues != null) {
      for (int i = 0; i < measureValues.size(); i++) {
        WireMeasureValue m = measureValues.get(i);
        MemberPath at = path.member("measureValues").element(i);
        if (v.required(m.name(), at.member("name"))) {
          v.length(m.name(), at.member("name"), 1, Integer.MAX_VALUE);
        }
        if (v.required(m.value(), at.member("value"))) {
          v.length(m.value(), at.member("value"), 1, 2048);
        }
        if (v.required(m.type(), at.member("type"))) {
          v.oneOf(m.type(), at.member("type"), MEASURE_VALUE_TYPES);
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
