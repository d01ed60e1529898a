package dev.tskafka.connector.mapping;

/** How the measures of one Kafka record become Timestream records. */
public enum RecordShape {
  /** One MULTI record per Kafka record, holding every measure. */
  MULTI,
  /** One single-measure record per measure. */
  SINGLE
}
