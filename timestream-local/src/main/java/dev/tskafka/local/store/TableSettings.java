package dev.tskafka.local.store;

import java.util.List;

/** The mutable settings of a table: retention, magnetic store writes, partition key schema. */
public record TableSettings(
    RetentionProperties retention,
    boolean magneticStoreWritesEnabled,
    S3Location magneticRejectedDataLocation,
    List<PartitionKey> schema) {

  public static final TableSettings DEFAULT =
      new TableSettings(RetentionProperties.DEFAULT, false, null, List.of(PartitionKey.DEFAULT));

  public TableSettings {
    schema = List.copyOf(schema);
  }
}
