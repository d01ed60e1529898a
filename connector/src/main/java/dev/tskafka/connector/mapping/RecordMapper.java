package dev.tskafka.connector.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The pure mapping from a Kafka Connect record to Timestream records: no I/O, no AWS SDK types.
 * Records with schemas (Struct) and without (Map) are read alike. A record that cannot be mapped
 * throws {@link BadRecordException} with the reason.
 */
public final class RecordMapper {
  static final int MAX_DIMENSIONS = 128;
  static final int MAX_MULTI_MEASURES = 256;
  static final int MAX_RECORD_BYTES = 2048;
  private static final int MAX_CHECKED_NAMES = 10_000;
  private static final int MAX_CACHED_TABLES = 1_000;

  private final MappingSpec spec;
  private final Set<String> usedValueFields;
  private final Set<String> checkedMeasureNames = new HashSet<>();

  /** Table by topic: a task reads a handful of topics, and the name would be rebuilt per record. */
  private final Map<String, String> tables = new HashMap<>();

  public RecordMapper(MappingSpec spec) {
    this.spec = spec;
    this.usedValueFields = new HashSet<>();
    spec.dimensions().forEach(d -> noteUsed(d.field()));
    spec.measures().forEach(m -> noteUsed(m.field()));
    noteUsed(spec.timeField());
    noteUsed(spec.versionField());
    if (spec.measureName() != null) {
      noteUsed(spec.measureName().field());
    }
  }

  private void noteUsed(FieldRef ref) {
    if (ref != null && ref.source() == FieldRef.Source.VALUE) {
      usedValueFields.add(String.join(".", ref.path()));
    }
  }

  /** Maps one record. The record value must not be null (tombstones are the caller's to skip). */
  public MappedRecord map(SinkRecord record) {
    List<TsDimension> dimensions = dimensions(record);
    long timeNanos = timeNanos(record);
    Long version = version(record);
    List<TsMeasure> measures = measures(record);
    if (measures.isEmpty()) {
      throw new BadRecordException("record has no measure values (all null, empty or absent)");
    }
    String table = tableFor(record.topic());
    List<TsRecord> records =
        spec.shape() == RecordShape.MULTI
            ? List.of(multi(record, dimensions, measures, timeNanos, version))
            : singles(record, dimensions, measures, timeNanos, version);
    return new MappedRecord(table, records);
  }

  private String tableFor(String topic) {
    String table = tables.get(topic);
    if (table == null) {
      table = spec.tableFor(topic);
      if (tables.size() < MAX_CACHED_TABLES) {
        tables.put(topic, table);
      }
    }
    return table;
  }

  private List<TsDimension> dimensions(SinkRecord record) {
    List<TsDimension> dimensions = new ArrayList<>(spec.dimensions().size());
    for (DimensionSpec d : spec.dimensions()) {
      String value = Values.dimensionValue(FieldReader.read(record, d.field()), d.field().text());
      if (value != null) {
        dimensions.add(new TsDimension(d.name(), value));
      }
    }
    if (dimensions.isEmpty()) {
      throw new BadRecordException(
          "record has none of the dimensions "
              + spec.dimensions().stream().map(d -> d.field().text()).toList()
              + " (Timestream needs at least one)");
    }
    if (dimensions.size() > MAX_DIMENSIONS) {
      throw new BadRecordException(
          "record has " + dimensions.size() + " dimensions; Timestream allows " + MAX_DIMENSIONS);
    }
    return dimensions;
  }

  private long timeNanos(SinkRecord record) {
    if (spec.timeField() == null) {
      Long timestamp = record.timestamp();
      if (timestamp == null || timestamp < 0) {
        throw new BadRecordException("record has no Kafka timestamp to use as time");
      }
      return timestamp * 1_000_000L;
    }
    FieldValue field = FieldReader.read(record, spec.timeField());
    if (field.value() == null) {
      throw new BadRecordException("time field '" + spec.timeField() + "' is missing or null");
    }
    return Values.epochNanos(field, spec.timeUnit(), "time field '" + spec.timeField() + "'");
  }

  private Long version(SinkRecord record) {
    return switch (spec.versionSource()) {
      case NONE -> null;
      case OFFSET -> record.kafkaOffset() + 1;
      case FIELD -> {
        Object v = FieldReader.read(record, spec.versionField()).value();
        long version;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
          version = ((Number) v).longValue();
        } else if (v instanceof String s && s.trim().matches("[0-9]{1,18}")) {
          version = Long.parseLong(s.trim());
        } else {
          throw new BadRecordException(
              "version field '"
                  + spec.versionField()
                  + "' is "
                  + (v == null ? "missing or null" : "'" + v + "', not an integer"));
        }
        if (version < 1) {
          throw new BadRecordException(
              "version field '" + spec.versionField() + "' is " + version + "; must be >= 1");
        }
        yield version;
      }
    };
  }

  private List<TsMeasure> measures(SinkRecord record) {
    List<TsMeasure> measures = new ArrayList<>();
    if (!spec.measures().isEmpty()) {
      for (MeasureSpec m : spec.measures()) {
        TsMeasure measure =
            Values.measure(
                m.name(), FieldReader.read(record, m.field()), m.type(), m.field().text());
        if (measure != null) {
          measures.add(measure);
        }
      }
      return measures;
    }
    collectMeasures(
        FieldReader.unwrapUnion(new FieldValue(record.value(), record.valueSchema())).value(),
        "",
        measures);
    return measures;
  }

  /**
   * The measures of every scalar field of a value not used elsewhere, nested structs and maps
   * flattened by path (dots become underscores in the measure name); Avro unions read as the branch
   * that is set. Arrays are left out: a measure from an array names its element.
   */
  private void collectMeasures(Object value, String prefix, List<TsMeasure> out) {
    if (value instanceof Struct struct) {
      for (Field field : struct.schema().fields()) {
        FieldValue member =
            FieldReader.unwrapUnion(new FieldValue(struct.get(field), field.schema()));
        collectMeasure(
            member.value(),
            member.schema(),
            prefix.isEmpty() ? field.name() : prefix + field.name(),
            out);
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        Object v = e.getValue();
        Schema schema = null;
        if (v instanceof Struct) {
          FieldValue member = FieldReader.unwrapUnion(new FieldValue(v, null));
          v = member.value();
          schema = member.schema();
        }
        collectMeasure(v, schema, prefix.isEmpty() ? key : prefix + key, out);
      }
    } else {
      throw new BadRecordException(
          "record value is "
              + Values.describe(value)
              + ": list the measures in timestream.measures or send structs or maps");
    }
  }

  private void collectMeasure(Object v, Schema schema, String path, List<TsMeasure> out) {
    if (v == null) {
      return;
    }
    if (Values.isScalar(v)) {
      if (!usedValueFields.contains(path)) {
        TsMeasure measure = Values.measure(path.replace('.', '_'), v, schema, null, path);
        if (measure != null) {
          out.add(measure);
        }
      }
    } else if (v instanceof Struct || v instanceof Map<?, ?>) {
      collectMeasures(v, path + ".", out);
    }
  }

  private TsRecord multi(
      SinkRecord record,
      List<TsDimension> dimensions,
      List<TsMeasure> measures,
      long timeNanos,
      Long version) {
    String measureName =
        spec.measureName() == null
            ? MappingSpec.DEFAULT_MULTI_MEASURE_NAME
            : measureName(record, spec.measureName());
    if (measures.size() > MAX_MULTI_MEASURES) {
      throw new BadRecordException(
          "record has "
              + measures.size()
              + " measures; a multi-measure record holds at most "
              + MAX_MULTI_MEASURES);
    }
    for (int i = 1; i < measures.size(); i++) {
      String name = measures.get(i).name();
      for (int j = 0; j < i; j++) {
        if (measures.get(j).name().equals(name)) {
          throw new BadRecordException("measure name '" + name + "' appears twice");
        }
      }
    }
    return finish(dimensions, measureName, true, measures, timeNanos, version);
  }

  private List<TsRecord> singles(
      SinkRecord record,
      List<TsDimension> dimensions,
      List<TsMeasure> measures,
      long timeNanos,
      Long version) {
    String fixedName = spec.measureName() == null ? null : measureName(record, spec.measureName());
    List<TsRecord> records = new ArrayList<>(measures.size());
    for (TsMeasure m : measures) {
      if (m.type() == MeasureType.TIMESTAMP) {
        throw new BadRecordException(
            "measure '"
                + m.name()
                + "' is a TIMESTAMP, which Timestream allows only in multi-measure records");
      }
      String name = fixedName != null ? fixedName : m.name();
      records.add(
          finish(
              dimensions,
              name,
              false,
              List.of(new TsMeasure(name, m.type(), m.value())),
              timeNanos,
              version));
    }
    return records;
  }

  private static String measureName(SinkRecord record, MeasureNameSpec nameSpec) {
    if (nameSpec.constant() != null) {
      return nameSpec.constant();
    }
    Object v = FieldReader.read(record, nameSpec.field()).value();
    if (v == null || v.toString().isBlank()) {
      throw new BadRecordException(
          "measure name field '" + nameSpec.field() + "' is missing, null or empty");
    }
    String name = v.toString();
    try {
      TimestreamNames.checkMeasureName(name);
    } catch (IllegalArgumentException e) {
      throw new BadRecordException(e.getMessage());
    }
    return name;
  }

  /** Checks a measure name once: names repeat from record to record. */
  private void checkMeasureName(String name) {
    if (checkedMeasureNames.contains(name)) {
      return;
    }
    try {
      TimestreamNames.checkMeasureName(name);
    } catch (IllegalArgumentException e) {
      throw new BadRecordException(e.getMessage());
    }
    if (checkedMeasureNames.size() < MAX_CHECKED_NAMES) {
      checkedMeasureNames.add(name);
    }
  }

  private TsRecord finish(
      List<TsDimension> dimensions,
      String measureName,
      boolean multi,
      List<TsMeasure> measures,
      long timeNanos,
      Long version) {
    for (TsDimension d : dimensions) {
      boolean clash = d.name().equals(measureName);
      for (int i = 0; i < measures.size() && !clash; i++) {
        clash = measures.get(i).name().equals(d.name());
      }
      if (clash) {
        throw new BadRecordException(
            "dimension '" + d.name() + "' has the same name as a measure; Timestream forbids it");
      }
    }
    if (multi) {
      for (TsMeasure m : measures) {
        checkMeasureName(m.name());
      }
    }
    TsTimeUnit unit = TsTimeUnit.MILLISECONDS.refinedFor(timeNanos);
    int timestamps = 0;
    for (TsMeasure m : measures) {
      if (m.type() == MeasureType.TIMESTAMP) {
        unit = unit.refinedFor(Long.parseLong(m.value()));
        timestamps++;
      }
    }
    List<TsMeasure> rendered = measures;
    if (timestamps > 0) {
      rendered = new ArrayList<>(measures.size());
      for (TsMeasure m : measures) {
        rendered.add(
            m.type() == MeasureType.TIMESTAMP
                ? new TsMeasure(
                    m.name(), m.type(), Long.toString(Long.parseLong(m.value()) / unit.nanos()))
                : m);
      }
    }
    TsRecord record =
        new TsRecord(
            dimensions, measureName, multi, rendered, timeNanos / unit.nanos(), unit, version);
    if (!record.fitsIn(MAX_RECORD_BYTES)) {
      throw new BadRecordException(
          "record is "
              + record.sizeBytes()
              + " bytes; Timestream's limit is "
              + MAX_RECORD_BYTES
              + " bytes");
    }
    return record;
  }
}
