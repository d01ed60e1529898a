package dev.tskafka.connector.mapping;

import java.util.List;

/** What one Kafka record becomes: the target table and one or more Timestream records. */
public record MappedRecord(String table, List<TsRecord> records) {}
