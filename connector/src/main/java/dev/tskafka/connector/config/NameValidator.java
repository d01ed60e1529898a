package dev.tskafka.connector.config;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Timestream database and table names: 3 to 256 of [a-zA-Z0-9_.-], optionally with ${topic}. */
final class NameValidator implements ConfigDef.Validator {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.\\-]{3,256}");
  private final boolean allowTopic;

  NameValidator(boolean allowTopic) {
    this.allowTopic = allowTopic;
  }

  @Override
  public void ensureValid(String name, Object value) {
    if (value == null) {
      return; // a missing required value is reported by the ConfigDef itself
    }
    String text = value.toString().trim();
    String probe = allowTopic ? text.replace("${topic}", "topic") : text;
    if (!NAME.matcher(probe).matches()) {
      throw new ConfigException(name, value, "must match " + this);
    }
  }

  @Override
  public String toString() {
    return "[a-zA-Z0-9_.-]{3,256}" + (allowTopic ? ", ${topic} allowed" : "");
  }
}
