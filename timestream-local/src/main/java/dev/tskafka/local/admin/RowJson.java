package dev.tskafka.local.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tskafka.local.protocol.Json;
import dev.tskafka.local.store.Dimension;
import dev.tskafka.local.store.MeasureValue;
import dev.tskafka.local.store.MeasureValueType;
import dev.tskafka.local.store.StoredRow;
import dev.tskafka.local.store.TypedValues;
import java.time.Instant;

/** A stored row as the inspection endpoint shows it, values typed as JSON. */
final class RowJson {
  private RowJson() {}

  static ObjectNode toJson(StoredRow row) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    ObjectNode dims = node.putObject("dimensions");
    for (Dimension d : row.series().dimensions()) {
      dims.put(d.name(), d.value());
    }
    node.put("measureName", row.measureName());
    Instant time =
        Instant.ofEpochSecond(
            Math.floorDiv(row.timeNanos(), 1_000_000_000L),
            Math.floorMod(row.timeNanos(), 1_000_000_000L));
    node.put("time", time.toString());
    node.put("timeEpochNanos", row.timeNanos());
    node.put("measureValueType", row.type().name());
    if (row.type() == MeasureValueType.MULTI) {
      ObjectNode values = node.putObject("measureValues");
      for (MeasureValue v : row.values()) {
        values
            .putObject(v.name())
            .put("type", v.type().name())
            .putPOJO("value", TypedValues.toJavaValue(v.type(), v.value()));
      }
    } else {
      node.putPOJO("measureValue", TypedValues.toJavaValue(row.type(), row.value()));
    }
    node.put("version", row.version());
    node.put("store", row.magnetic() ? "MAGNETIC" : "MEMORY");
    return node;
  }
}
