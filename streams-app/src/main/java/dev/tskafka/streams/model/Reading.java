package dev.tskafka.streams.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One input record, parsed: the series dimensions (in configured order), the measure values it
 * carries (a reading may lack some), and its event time in epoch milliseconds.
 */
public record Reading(
    LinkedHashMap<String, String> dimensions, Map<String, Double> measures, long eventTime) {

  /** The key that identifies the series: the dimension values, in order, unit-separated. */
  public String seriesKey() {
    return String.join("\u001f", dimensions.values());
  }
}
