package dev.tskafka.connector.mapping;

import java.util.List;

/**
 * Everything the mapper needs, parsed from configuration.
 *
 * @param tableTemplate the table name; {@code ${topic}} is replaced by the record's topic
 * @param measures the measures, or empty for every scalar value field not used elsewhere
 * @param measureName the MULTI record name or the single-measure name; null for the default
 *     ("metrics" for MULTI, each measure's own name for SINGLE)
 * @param timeField null to use the Kafka record timestamp
 * @param versionField required when {@code versionSource} is FIELD
 */
public record MappingSpec(
    String tableTemplate,
    RecordShape shape,
    List<DimensionSpec> dimensions,
    List<MeasureSpec> measures,
    MeasureNameSpec measureName,
    FieldRef timeField,
    TimeUnitSetting timeUnit,
    VersionSource versionSource,
    FieldRef versionField) {

  public static final String TOPIC_PLACEHOLDER = "${topic}";
  public static final String DEFAULT_MULTI_MEASURE_NAME = "metrics";

  public MappingSpec {
    dimensions = List.copyOf(dimensions);
    measures = List.copyOf(measures);
  }

  /** The table that records of this topic go to. */
  public String tableFor(String topic) {
    return tableTemplate.replace(TOPIC_PLACEHOLDER, topic);
  }
}
