package dev.tskafka.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The settings reference in docs/ is generated from the ConfigDef. Regenerate it with {@code mvn
 * -pl streams-app test -Dtest=PipelineSettingsReferenceTest -Dconfig.reference.update=true}.
 */
class PipelineSettingsReferenceTest {
  static final Path REFERENCE = Path.of("..", "docs", "streams-app-config.rst");

  @Test
  void shouldMatchTheConfigDef() throws Exception {
    String generated =
        "Streams app: pipeline settings\n"
            + "==============================\n\n"
            + "Generated from ``PipelineSettings``; do not edit by hand. Each setting is written\n"
            + "``pipeline.NAME.<setting>`` for every NAME listed in ``pipelines=``; a setting not\n"
            + "listed here (other than ``pipeline.NAME.serde.*``) is refused at start. App-wide:\n"
            + "``pipelines`` (comma list, required), ``http.port`` (-1 off, the default; 0 any free\n"
            + "port), ``serde.*`` (the registry serdes' settings, prefix stripped); every other\n"
            + "setting passes through to Kafka Streams.\n\n"
            + PipelineSettings.CONFIG_DEF.toEnrichedRst();
    if (Boolean.getBoolean("config.reference.update")) {
      Files.writeString(REFERENCE, generated);
    }
    assertThat(Files.readString(REFERENCE))
        .as("docs/streams-app-config.rst is stale: rerun with -Dconfig.reference.update=true")
        .isEqualTo(generated);
  }
}
