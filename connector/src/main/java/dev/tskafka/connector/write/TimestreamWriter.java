package dev.tskafka.connector.write;

import dev.tskafka.connector.mapping.TsRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes one batch to one table. The future completes with the per-record rejections, or
 * exceptionally with a {@link WriteException} when the call failed as a whole.
 */
public interface TimestreamWriter extends AutoCloseable {
  CompletableFuture<WriteResult> write(String table, List<TsRecord> records);

  @Override
  void close();
}
