package dev.tskafka.streams.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A series' aggregate over one window: its dimensions, its bounds, and per measure the running
 * statistics and percentiles. {@code updates} counts the records folded in; it orders the versions
 * of emitted updates.
 */
public final class WindowAggregate {
  private final LinkedHashMap<String, String> dimensions;
  private final long start;
  private final long end;
  private final Map<String, MeasureWindow> measures;
  private long updates;

  public WindowAggregate(
      LinkedHashMap<String, String> dimensions,
      long start,
      long end,
      Map<String, MeasureWindow> measures,
      long updates) {
    this.dimensions = dimensions;
    this.start = start;
    this.end = end;
    this.measures = measures;
    this.updates = updates;
  }

  public static WindowAggregate open(Reading reading, long start, long end) {
    return new WindowAggregate(
        new LinkedHashMap<>(reading.dimensions()), start, end, new LinkedHashMap<>(), 0);
  }

  public void add(Reading reading) {
    reading
        .measures()
        .forEach(
            (name, value) ->
                measures
                    .computeIfAbsent(name, n -> MeasureWindow.empty())
                    .add(value, reading.eventTime()));
    updates++;
  }

  public LinkedHashMap<String, String> dimensions() {
    return dimensions;
  }

  public long start() {
    return start;
  }

  public long end() {
    return end;
  }

  public Map<String, MeasureWindow> measures() {
    return measures;
  }

  public long updates() {
    return updates;
  }
}
