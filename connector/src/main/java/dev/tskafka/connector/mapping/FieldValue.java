package dev.tskafka.connector.mapping;

import org.apache.kafka.connect.data.Schema;

/** A value read from a record, with its Connect schema when the record has one (else null). */
record FieldValue(Object value, Schema schema) {
  static final FieldValue MISSING = new FieldValue(null, null);
}
