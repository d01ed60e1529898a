package dev.tskafka.connector.config;

import static dev.tskafka.connector.config.TimestreamSinkConfig.*;

import dev.tskafka.connector.mapping.DimensionSpec;
import dev.tskafka.connector.mapping.FieldRef;
import dev.tskafka.connector.mapping.MeasureNameSpec;
import dev.tskafka.connector.mapping.MeasureSpec;
import dev.tskafka.connector.mapping.MeasureType;
import dev.tskafka.connector.mapping.RecordShape;
import dev.tskafka.connector.mapping.VersionSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/**
 * Rules that involve more than one setting, reported as field errors on the validate result (never
 * thrown). A rule is skipped when a setting it reads already has an error of its own.
 */
public final class ConfigChecks {
  private final Map<String, ConfigValue> values;

  private ConfigChecks(Map<String, ConfigValue> values) {
    this.values = values;
  }

  /** Adds an error message to each setting that breaks a cross-field rule. */
  public static void addCrossFieldErrors(Map<String, ConfigValue> values) {
    new ConfigChecks(values).run();
  }

  private void run() {
    checkCredentials();
    checkSingleFieldRefs();
    checkVersion();
    checkMapping();
    checkBatching();
    checkRetries();
  }

  private boolean valid(String... names) {
    for (String name : names) {
      ConfigValue v = values.get(name);
      if (v == null || !v.errorMessages().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private Object value(String name) {
    return values.get(name).value();
  }

  private String text(String name) {
    Object v = value(name);
    if (v instanceof Password p) {
      return p.value() == null ? "" : p.value().trim();
    }
    return v == null ? "" : v.toString().trim();
  }

  private void error(String name, String message) {
    values.get(name).addErrorMessage(message);
  }

  private void checkCredentials() {
    if (!valid(CREDENTIALS)) {
      return;
    }
    CredentialsSource source = EnumValidator.parse(CredentialsSource.class, text(CREDENTIALS));
    switch (source) {
      case STATIC -> {
        for (String key : List.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY)) {
          if (valid(key) && text(key).isEmpty()) {
            error(key, "is required when " + CREDENTIALS + " is STATIC");
          }
        }
      }
      case PROFILE -> {
        if (valid(PROFILE) && text(PROFILE).isEmpty()) {
          error(PROFILE, "is required when " + CREDENTIALS + " is PROFILE");
        }
      }
      case ASSUME_ROLE -> {
        if (valid(ROLE_ARN) && !text(ROLE_ARN).startsWith("arn:")) {
          error(
              ROLE_ARN,
              "must be a role ARN (arn:aws:iam::...) when " + CREDENTIALS + " is ASSUME_ROLE");
        }
      }
      case DEFAULT -> {}
    }
  }

  private void checkSingleFieldRefs() {
    for (String name : List.of(TIME_FIELD, VERSION_FIELD)) {
      if (valid(name) && !text(name).isEmpty()) {
        try {
          FieldRef.parse(text(name));
        } catch (IllegalArgumentException e) {
          error(name, e.getMessage());
        }
      }
    }
    if (valid(MEASURE_NAME) && !text(MEASURE_NAME).isEmpty()) {
      try {
        MeasureNameSpec.parse(text(MEASURE_NAME));
      } catch (IllegalArgumentException e) {
        error(MEASURE_NAME, e.getMessage());
      }
    }
  }

  private void checkVersion() {
    if (valid(VERSION_SOURCE, VERSION_FIELD)
        && EnumValidator.parse(VersionSource.class, text(VERSION_SOURCE)) == VersionSource.FIELD
        && text(VERSION_FIELD).isEmpty()) {
      error(VERSION_FIELD, "is required when " + VERSION_SOURCE + " is FIELD");
    }
  }

  private void checkMapping() {
    if (!valid(DIMENSIONS, MEASURES, RECORD_SHAPE, MEASURE_NAME)) {
      return;
    }
    List<DimensionSpec> dimensions = specs(DIMENSIONS).stream().map(DimensionSpec::parse).toList();
    List<MeasureSpec> measures = specs(MEASURES).stream().map(MeasureSpec::parse).toList();
    RecordShape shape = EnumValidator.parse(RecordShape.class, text(RECORD_SHAPE));

    Set<String> dimensionNames = new HashSet<>();
    for (DimensionSpec d : dimensions) {
      if (!dimensionNames.add(d.name())) {
        error(DIMENSIONS, "dimension name '" + d.name() + "' appears twice");
      }
    }
    Set<String> dimensionFields = new HashSet<>();
    dimensions.forEach(d -> dimensionFields.add(d.field().text()));
    Set<String> measureNames = new HashSet<>();
    for (MeasureSpec m : measures) {
      if (dimensionFields.contains(m.field().text())) {
        error(MEASURES, "field '" + m.field() + "' is already a dimension");
      }
      if (dimensionNames.contains(m.name())) {
        error(MEASURES, "measure name '" + m.name() + "' equals a dimension name");
      }
      if (shape == RecordShape.MULTI && !measureNames.add(m.name())) {
        error(MEASURES, "measure name '" + m.name() + "' appears twice");
      }
      if (shape == RecordShape.SINGLE && m.type() == MeasureType.TIMESTAMP) {
        error(
            MEASURES,
            "'" + m.field() + "' is TIMESTAMP, allowed only when " + RECORD_SHAPE + " is MULTI");
      }
    }
    String measureName = text(MEASURE_NAME);
    if (!measureName.isEmpty() && dimensionNames.contains(measureName)) {
      error(MEASURE_NAME, "'" + measureName + "' equals a dimension name");
    }
    if (shape == RecordShape.SINGLE && !measureName.isEmpty() && measures.size() != 1) {
      error(
          MEASURES,
          "list exactly one measure when "
              + RECORD_SHAPE
              + " is SINGLE and "
              + MEASURE_NAME
              + " is set (found "
              + measures.size()
              + ")");
    }
    if (valid(PARTITION_KEY, TABLE_AUTO_CREATE)
        && !text(PARTITION_KEY).isEmpty()
        && !dimensionNames.contains(text(PARTITION_KEY))) {
      error(PARTITION_KEY, "must be one of the dimension names " + dimensionNames);
    }
  }

  private List<String> specs(String name) {
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) value(name)) {
      out.add(o.toString());
    }
    return out;
  }

  private void checkBatching() {
    if (!valid(BATCH_SIZE, MAX_IN_FLIGHT, MAX_BUFFERED_RECORDS)) {
      return;
    }
    long needed =
        ((Number) value(BATCH_SIZE)).longValue() * ((Number) value(MAX_IN_FLIGHT)).longValue();
    if (((Number) value(MAX_BUFFERED_RECORDS)).longValue() < needed) {
      error(
          MAX_BUFFERED_RECORDS,
          "must be at least "
              + BATCH_SIZE
              + " x "
              + MAX_IN_FLIGHT
              + " = "
              + needed
              + ", or the calls in flight can never all be full");
    }
  }

  private void checkRetries() {
    if (valid(RETRY_BACKOFF_MS, RETRY_BACKOFF_MAX_MS)
        && ((Number) value(RETRY_BACKOFF_MAX_MS)).longValue()
            < ((Number) value(RETRY_BACKOFF_MS)).longValue()) {
      error(RETRY_BACKOFF_MAX_MS, "must be at least " + RETRY_BACKOFF_MS);
    }
  }
}
