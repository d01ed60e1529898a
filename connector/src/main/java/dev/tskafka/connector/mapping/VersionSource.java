package dev.tskafka.connector.mapping;

/** Where a record's Version comes from. */
public enum VersionSource {
  /** No version: Timestream accepts a rewrite of the same value and rejects a different one. */
  NONE,
  /** A numeric field of the record (at least 1). */
  FIELD,
  /** The Kafka offset plus one: a replay is idempotent and a later update of a point wins. */
  OFFSET
}
