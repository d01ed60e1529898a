package dev.tskafka.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tskafka.streams.topology.TopologyFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every streams-app configuration in config/ loads and builds a topology. */
class ConfigExamplesTest {
  static Stream<Path> examples() throws Exception {
    List<Path> files;
    try (Stream<Path> all = Files.list(Path.of("..", "config"))) {
      files =
          all.filter(p -> p.getFileName().toString().matches("streams-.*\\.properties"))
              .sorted()
              .toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(4);
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void shouldLoadAndBuildATopology(Path file) throws Exception {
    AppConfig config = AppConfig.load(file);
    assertThat(config.streams().getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
    assertThat(TopologyFactory.build(config).describe().subtopologies()).isNotEmpty();
    for (PipelineConfig p : config.pipelines()) {
      assertThat(p.outputTopic()).isNotEqualTo(p.inputTopics().get(0));
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void shouldCommentTheSettings(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file);
    long settings = lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    long comments = lines.stream().filter(l -> l.startsWith("#")).count();
    assertThat(comments).isGreaterThanOrEqualTo(settings / 3);
  }
}
