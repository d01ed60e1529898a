package dev.tskafka.connector.mapping;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads a {@link FieldRef} out of a record: structs (with schema) and maps (schemaless) alike. A
 * path segment that is a number indexes an array ({@code samples.0}). Avro unions that are not just
 * "null or one type" arrive from the Avro converters as a struct with one field per branch
 * (Confluent's and Apicurio's {@code io.confluent.connect.avro.Union}); they are read as the branch
 * that is set.
 */
final class FieldReader {
  /** The struct name Confluent's and Apicurio's AvroData give an Avro union. */
  static final String AVRO_UNION = "io.confluent.connect.avro.Union";

  /** The schema parameter that marks a union with {@code generalized.sum.type.support}. */
  static final String GENERALIZED_UNION = "org.apache.kafka.connect.data.Union";

  private FieldReader() {}

  static FieldValue read(SinkRecord record, FieldRef ref) {
    return switch (ref.source()) {
      case TOPIC -> new FieldValue(record.topic(), Schema.STRING_SCHEMA);
      case PARTITION -> new FieldValue(record.kafkaPartition(), Schema.INT32_SCHEMA);
      case OFFSET -> new FieldValue(record.kafkaOffset(), Schema.INT64_SCHEMA);
      case KEY -> walk(record.key(), record.keySchema(), ref.path(), ref, "key");
      case VALUE -> walk(record.value(), record.valueSchema(), ref.path(), ref, "value");
      case HEADER -> {
        Header header = record.headers().lastWithName(ref.path().get(0));
        yield header == null ? FieldValue.MISSING : new FieldValue(header.value(), header.schema());
      }
    };
  }

  /**
   * Follows {@code path} from the root. The value and schema in hand are two locals, not a {@link
   * FieldValue} per step: the walk runs for every field of every record.
   */
  private static FieldValue walk(
      Object root, Schema rootSchema, List<String> path, FieldRef ref, String what) {
    Object value = root;
    Schema schema = rootSchema;
    for (int i = 0; ; i++) {
      if (value instanceof Struct union && isUnion(union.schema())) {
        FieldValue branch = unwrapUnion(new FieldValue(value, schema));
        value = branch.value();
        schema = branch.schema();
      }
      if (i == path.size() || value == null) {
        break;
      }
      String name = path.get(i);
      if (value instanceof Struct struct) {
        Field field = struct.schema().field(name);
        if (field == null) {
          return FieldValue.MISSING;
        }
        value = struct.get(field);
        schema = field.schema();
      } else if (value instanceof Map<?, ?> map) {
        value = map.get(name);
        schema = schema != null && schema.type() == Schema.Type.MAP ? schema.valueSchema() : null;
      } else if (value instanceof List<?> list && isIndex(name)) {
        int index = Integer.parseInt(name);
        value = index < list.size() ? list.get(index) : null;
        schema = schema != null && schema.type() == Schema.Type.ARRAY ? schema.valueSchema() : null;
      } else {
        String at =
            i == 0 ? "the record " + what : "'" + String.join(".", path.subList(0, i)) + "'";
        String hint =
            value instanceof List<?>
                ? ", so '" + name + "' must be an element index (0, 1, ...)"
                : ", not a struct, map or array";
        throw new BadRecordException(
            "cannot read '" + ref + "': " + at + " is " + Values.describe(value) + hint);
      }
    }
    return value == null ? FieldValue.MISSING : new FieldValue(value, schema);
  }

  /** The branch that is set when {@code field} holds an Avro union; else {@code field} itself. */
  static FieldValue unwrapUnion(FieldValue field) {
    FieldValue current = field;
    while (current.value() instanceof Struct struct && isUnion(struct.schema())) {
      FieldValue branch = FieldValue.MISSING;
      for (Field f : struct.schema().fields()) {
        Object v = struct.get(f);
        if (v != null) {
          branch = new FieldValue(v, f.schema());
          break;
        }
      }
      current = branch;
    }
    return current;
  }

  static boolean isUnion(Schema schema) {
    return schema != null
        && schema.type() == Schema.Type.STRUCT
        && (AVRO_UNION.equals(schema.name())
            || (schema.parameters() != null && schema.parameters().containsKey(GENERALIZED_UNION)));
  }

  private static boolean isIndex(String segment) {
    return segment.length() <= 9 && segment.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
