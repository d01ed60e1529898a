package dev.tskafka.connector.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The config reference in docs/ is generated from the ConfigDef. Regenerate it with {@code mvn -pl
 * connector test -Dtest=ConfigReferenceTest -Dconfig.reference.update=true}.
 */
class ConfigReferenceTest {
  static final Path REFERENCE = Path.of("..", "docs", "connector-config.rst");

  @Test
  void shouldMatchTheConfigDef() throws Exception {
    String generated =
        "Timestream sink connector configuration\n"
            + "=======================================\n\n"
            + "Generated from ``TimestreamSinkConfig``; do not edit by hand.\n\n"
            + TimestreamSinkConfig.CONFIG_DEF.toEnrichedRst();
    if (Boolean.getBoolean("config.reference.update")) {
      Files.writeString(REFERENCE, generated);
    }
    assertThat(Files.readString(REFERENCE))
        .as("docs/connector-config.rst is stale: rerun with -Dconfig.reference.update=true")
        .isEqualTo(generated);
  }
}
