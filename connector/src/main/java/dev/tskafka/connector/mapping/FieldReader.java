package dev.tskafka.connector.mapping;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/** Reads a {@link FieldRef} out of a record: structs (with schema) and maps (schemaless) alike. */
final class FieldReader {
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

  private static FieldValue walk(
      Object root, Schema rootSchema, List<String> path, FieldRef ref, String what) {
    Object current = root;
    Schema schema = rootSchema;
    for (int i = 0; i < path.size(); i++) {
      if (current == null) {
        return FieldValue.MISSING;
      }
      String name = path.get(i);
      if (current instanceof Struct struct) {
        Field field = struct.schema().field(name);
        if (field == null) {
          return FieldValue.MISSING;
        }
        current = struct.get(field);
        schema = field.schema();
      } else if (current instanceof Map<?, ?> map) {
        current = map.get(name);
        schema = schema != null && schema.type() == Schema.Type.MAP ? schema.valueSchema() : null;
      } else {
        String at =
            i == 0 ? "the record " + what : "'" + String.join(".", path.subList(0, i)) + "'";
        throw new BadRecordException(
            "cannot read '"
                + ref
                + "': "
                + at
                + " is a "
                + Values.describe(current)
                + ", not a struct or map");
      }
    }
    return current == null ? FieldValue.MISSING : new FieldValue(current, schema);
  }
}
