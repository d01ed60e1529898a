package dev.tskafka.quickstart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A scenario's samples as registry-framed Avro, the bytes a Confluent-compatible serializer writes:
 * magic byte 0, the schema's id in the registry (4 bytes, big-endian), then the Avro binary.
 */
final class AvroEncoding {
  private final Schema schema;
  private final int schemaId;
  private final GenericDatumWriter<GenericRecord> writer;
  private BinaryEncoder encoder;

  AvroEncoding(Schema schema, int schemaId) {
    this.schema = schema;
    this.schemaId = schemaId;
    this.writer = new GenericDatumWriter<>(schema);
  }

  /**
   * The record schema of a scenario, from one of its samples: strings, ints, longs and doubles as
   * they are, and the {@code timestamp} field as {@code timestamp-millis}.
   */
  static Schema schemaOf(String scenario, Map<String, Object> sample) {
    SchemaBuilder.FieldAssembler<Schema> fields =
        SchemaBuilder.record(recordName(scenario))
            .namespace("dev.tskafka.quickstart")
            .doc("The quickstart's " + scenario + " samples")
            .fields();
    for (Map.Entry<String, Object> f : sample.entrySet()) {
      Object v = f.getValue();
      if (f.getKey().equals("timestamp")) {
        Schema millis = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        fields = fields.name(f.getKey()).type(millis).noDefault();
      } else if (v instanceof String) {
        fields = fields.name(f.getKey()).type().stringType().noDefault();
      } else if (v instanceof Integer) {
        fields = fields.name(f.getKey()).type().intType().noDefault();
      } else if (v instanceof Long) {
        fields = fields.name(f.getKey()).type().longType().noDefault();
      } else if (v instanceof Double) {
        fields = fields.name(f.getKey()).type().doubleType().noDefault();
      } else {
        throw new IllegalArgumentException(f.getKey() + " has no Avro type: " + v);
      }
    }
    return fields.endRecord();
  }

  byte[] encode(Map<String, Object> fields) {
    GenericRecord record = new GenericData.Record(schema);
    fields.forEach(record::put);
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.write(0);
    out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
    try {
      encoder = EncoderFactory.get().binaryEncoder(out, encoder);
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String recordName(String scenario) {
    StringBuilder name = new StringBuilder();
    for (String part : scenario.split("-")) {
      name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return name.toString();
  }
}
