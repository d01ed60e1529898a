package dev.tskafka.connector.config;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** A list with at least one entry. */
final class NonEmptyListValidator implements ConfigDef.Validator {
  @Override
  public void ensureValid(String name, Object value) {
    if (value == null || ((List<?>) value).isEmpty()) {
      throw new ConfigException(name, value, "must list at least one entry");
    }
  }

  @Override
  public String toString() {
    return "at least one entry";
  }
}
