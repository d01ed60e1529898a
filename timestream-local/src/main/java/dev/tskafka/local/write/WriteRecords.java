package dev.tskafka.local.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tskafka.local.protocol.Json;
import dev.tskafka.local.protocol.MemberPath;
import dev.tskafka.local.protocol.ServiceException;
import dev.tskafka.local.protocol.Violations;
import dev.tskafka.local.store.Catalog;
import dev.tskafka.local.store.Dimension;
import dev.tskafka.local.store.MeasureValue;
import dev.tskafka.local.store.MeasureValueType;
import dev.tskafka.local.store.SeriesKey;
import dev.tskafka.local.store.StoredRow;
import dev.tskafka.local.store.Table;
import dev.tskafka.local.store.WriteOutcome;
import dev.tskafka.local.write.WireRecord.WireDimension;
import dev.tskafka.local.write.WireRecord.WireMeasureValue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The WriteRecords operation: request-level validation (nothing is written when it fails), the
 * CommonAttributes merge, per-record rules (a failing record is rejected, the others written), and
 * the upsert by version.
 */
public final class WriteRecords {
  private final Catalog catalog;
  private final Clock clock;

  public WriteRecords(Catalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
  }

  public ObjectNode handle(byte[] body) {
    WriteRecordsReader.Request request = WriteRecordsReader.read(body);
    String databaseName = request.database();
    String tableName = request.table();
    WireRecord common = request.common();
    List<WireRecord> records = request.records() == null ? List.of() : request.records();

    Violations v = new Violations();
    v.required(databaseName, "databaseName");
    v.required(tableName, "tableName");
    if (v.required(request.records(), "records")) {
      v.size(records.size(), "records", 1, 100);
    }
    common.checkConstraints(v, MemberPath.of("commonAttributes"));
    for (int i = 0; i < records.size(); i++) {
      records.get(i).checkConstraints(v, MemberPath.of("records").element(i));
    }
    v.throwIfAny();

    Table table = catalog.table(databaseName, tableName);
    List<Candidate> candidates = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      candidates.add(toCandidate(i, records.get(i), common));
    }
    return write(table, candidates);
  }

  /** A merged record that passed the request-level checks, as the row it would store. */
  private record Candidate(int index, StoredRow row) {}

  private static Candidate toCandidate(int index, WireRecord own, WireRecord common) {
    // Nested loops, not sets: records have a few dimensions, and this runs for every record.
    List<WireDimension> ownDimensions = own.dimensions();
    for (int i = 0; i < ownDimensions.size(); i++) {
      WireDimension d = ownDimensions.get(i);
      if (containsName(common.dimensions(), 0, common.dimensions().size(), d.name())) {
        throw ServiceException.validation(
            "Dimension '"
                + d.name()
                + "' of the record at index "
                + index
                + " is also in CommonAttributes. Dimension names must be unique.");
      }
      if (containsName(ownDimensions, 0, i, d.name())) {
        throw ServiceException.validation(
            "The record at index "
                + index
                + " has dimension '"
                + d.name()
                + "' more than once. A record must contain dimensions with unique names.");
      }
    }
    WireRecord r = own.mergedWith(common);
    if (r.dimensions().isEmpty()) {
      throw ServiceException.validation("At least one dimension is required for a record.");
    }
    MeasureValueType type =
        r.measureValueType() == null
            ? MeasureValueType.DOUBLE
            : MeasureValueType.fromWire(r.measureValueType());
    if (type == MeasureValueType.TIMESTAMP) {
      throw ServiceException.validation("TIMESTAMP is an invalid measure value type.");
    }
    if (r.measureName() == null) {
      throw ServiceException.validation(
          "A measure name is required for the record at index " + index + ".");
    }
    if (type == MeasureValueType.MULTI) {
      if (r.measureValues() == null || r.measureValues().isEmpty() || r.measureValue() != null) {
        throw ServiceException.validation(
            "A MULTI record must have MeasureValues and no MeasureValue (record at index "
                + index
                + ").");
      }
    } else if (r.measureValue() == null || r.measureValues() != null) {
      throw ServiceException.validation(
          "A record of type "
              + type
              + " must have a MeasureValue and no MeasureValues (record at index "
              + index
              + ").");
    }
    long timeNanos = TimeUnits.toEpochNanos(r.time(), r.timeUnit());
    Dimension[] dimensions = new Dimension[r.dimensions().size()];
    for (int i = 0; i < dimensions.length; i++) {
      WireDimension d = r.dimensions().get(i);
      dimensions[i] = new Dimension(d.name(), d.value());
    }
    List<MeasureValue> values = null;
    if (type == MeasureValueType.MULTI) {
      values = new ArrayList<>(r.measureValues().size());
      for (WireMeasureValue m : r.measureValues()) {
        MeasureValueType valueType = MeasureValueType.fromWire(m.type());
        String value =
            valueType == MeasureValueType.TIMESTAMP && m.value() != null
                ? TimeUnits.timestampValueAsNanos(m.value(), r.timeUnit(), m.name())
                : m.value();
        values.add(new MeasureValue(m.name(), valueType, value));
      }
    }
    long version = r.version() == null ? 1 : r.version();
    StoredRow row =
        new StoredRow(
            SeriesKey.of(dimensions),
            r.measureName(),
            timeNanos,
            type,
            r.measureValue(),
            values,
            version,
            false);
    return new Candidate(index, row);
  }

  /** Whether one of {@code dimensions[from, to)} is named {@code name}. */
  private static boolean containsName(
      List<WireDimension> dimensions, int from, int to, String name) {
    for (int i = from; i < to; i++) {
      if (dimensions.get(i).name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private ObjectNode write(Table table, List<Candidate> candidates) {
    RecordRules rules = new RecordRules(table.settings(), clock.instant());
    List<StoredRow> accepted = new ArrayList<>(candidates.size());
    List<Integer> acceptedIndexes = new ArrayList<>(candidates.size());
    ArrayNode rejected = Json.MAPPER.createArrayNode();
    for (Candidate c : candidates) {
      RecordRules.Verdict verdict = rules.check(c.row());
      if (verdict.reason() != null) {
        rejected.addObject().put("RecordIndex", c.index()).put("Reason", verdict.reason());
      } else {
        accepted.add(verdict.row());
        acceptedIndexes.add(c.index());
      }
    }
    List<WriteOutcome> outcomes = catalog.write(table, accepted);
    int memory = 0;
    int magnetic = 0;
    for (int i = 0; i < outcomes.size(); i++) {
      WriteOutcome outcome = outcomes.get(i);
      if (!outcome.accepted()) {
        ObjectNode entry =
            rejected
                .addObject()
                .put("RecordIndex", acceptedIndexes.get(i))
                .put("Reason", outcome.reason());
        if (outcome.existingVersion() != null) {
          entry.put("ExistingVersion", outcome.existingVersion());
        }
      } else if (outcome.magnetic()) {
        magnetic++;
      } else {
        memory++;
      }
    }
    if (!rejected.isEmpty()) {
      sortByIndex(rejected);
      ObjectNode members = Json.MAPPER.createObjectNode();
      members.set("RejectedRecords", rejected);
      throw ServiceException.rejectedRecords(members);
    }
    ObjectNode response = Json.MAPPER.createObjectNode();
    response
        .putObject("RecordsIngested")
        .put("Total", memory + magnetic)
        .put("MemoryStore", memory)
        .put("MagneticStore", magnetic);
    return response;
  }

  private static void sortByIndex(ArrayNode rejected) {
    List<JsonNode> entries = new ArrayList<>();
    rejected.forEach(entries::add);
    entries.sort(
        (a, b) ->
            Integer.compare(a.get("RecordIndex").intValue(), b.get("RecordIndex").intValue()));
    rejected.removeAll();
    rejected.addAll(entries);
  }
}
