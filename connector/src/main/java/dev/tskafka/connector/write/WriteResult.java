package dev.tskafka.connector.write;

import java.util.Map;

/**
 * The outcome of a WriteRecords call that reached Timestream: the records it rejected, by index in
 * the call, with the reason. The others were written.
 */
public record WriteResult(Map<Integer, String> rejections) {
  public static final WriteResult ALL_WRITTEN = new WriteResult(Map.of());
}
