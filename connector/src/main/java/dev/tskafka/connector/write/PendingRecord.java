package dev.tskafka.connector.write;

import dev.tskafka.connector.mapping.TsRecord;

/**
 * A Timestream record waiting to be written, with what its caller needs back when it is done (the
 * task: the offset slot of the Kafka record it came from). The pipeline never looks at {@code
 * origin}.
 *
 * @param <O> the caller's handle on where the record came from
 */
public record PendingRecord<O>(TsRecord record, O origin) {}
