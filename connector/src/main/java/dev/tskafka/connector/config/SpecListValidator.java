package dev.tskafka.connector.config;

import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Checks that every entry of a comma list parses as a dimension or measure specification. */
final class SpecListValidator implements ConfigDef.Validator {
  private final Function<String, ?> parser;
  private final String syntax;

  SpecListValidator(Function<String, ?> parser, String syntax) {
    this.parser = parser;
    this.syntax = syntax;
  }

  @Override
  public void ensureValid(String name, Object value) {
    if (value == null) {
      return;
    }
    for (Object entry : (List<?>) value) {
      try {
        parser.apply(entry.toString());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, entry, e.getMessage());
      }
    }
  }

  @Override
  public String toString() {
    return syntax;
  }
}
