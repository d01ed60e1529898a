package dev.tskafka.connector.write;

import java.util.Map;
import java.util.Set;

/**
 * The outcome of a WriteRecords call that reached Timestream: the records it rejected, by index in
 * the call, with the reason, and the records it refused only because the table already holds a
 * higher version of them (superseded: nothing is lost, the newer data is there). The others were
 * written.
 */
public record WriteResult(Map<Integer, String> rejections, Set<Integer> superseded) {
  public static final WriteResult ALL_WRITTEN = new WriteResult(Map.of(), Set.of());

  public WriteResult {
    rejections = Map.copyOf(rejections);
    superseded = Set.copyOf(superseded);
  }

  public WriteResult(Map<Integer, String> rejections) {
    this(rejections, Set.of());
  }
}
