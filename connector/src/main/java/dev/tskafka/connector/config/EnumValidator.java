package dev.tskafka.connector.config;

import java.util.Arrays;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Accepts the names of an enum's constants, case-insensitively. */
final class EnumValidator implements ConfigDef.Validator {
  private final Class<? extends Enum<?>> type;

  EnumValidator(Class<? extends Enum<?>> type) {
    this.type = type;
  }

  static <E extends Enum<E>> E parse(Class<E> type, String value) {
    return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
  }

  @Override
  public void ensureValid(String name, Object value) {
    String text = value == null ? "" : value.toString().trim().toUpperCase(Locale.ROOT);
    boolean known = Arrays.stream(type.getEnumConstants()).anyMatch(c -> c.name().equals(text));
    if (!known) {
      throw new ConfigException(name, value, "must be one of " + this);
    }
  }

  @Override
  public String toString() {
    return String.join(
        ", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new));
  }
}
