package dev.tskafka.connector.write;

import dev.tskafka.connector.mapping.TsRecord;
import dev.tskafka.connector.offsets.OffsetTracker;

/** A Timestream record waiting to be written, with the Kafka record it came from. */
public record PendingRecord(TsRecord record, OffsetTracker.Slot slot) {}
