package dev.tskafka.connector.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tskafka.connector.TimestreamSinkConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The connector JSON files users copy from config/ must validate without a single error. */
class ConfigExamplesTest {
  static Stream<Path> examples() throws Exception {
    List<Path> files;
    try (Stream<Path> all = Files.list(Path.of("..", "config"))) {
      files =
          all.filter(p -> p.getFileName().toString().matches("connector-.*\\.json"))
              .sorted()
              .toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(5);
    return files.stream();
  }

  /** What config/deploy-connector.sh sends: the file without its // comment lines. */
  static Map<String, String> load(Path file) throws Exception {
    String json =
        Files.readAllLines(file).stream()
            .filter(line -> !line.trim().startsWith("//"))
            .collect(Collectors.joining("\n"));
    return new ObjectMapper().readValue(json, new TypeReference<Map<String, String>>() {});
  }

  @ParameterizedTest
  @MethodSource("examples")
  void shouldValidateWithoutErrors(Path file) throws Exception {
    Map<String, String> config = new HashMap<>(load(file));
    config.put("name", file.getFileName().toString());
    Map<String, List<String>> errors =
        new TimestreamSinkConnector()
            .validate(config).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    assertThat(errors).isEmpty();
    assertThat(config).containsEntry("connector.class", TimestreamSinkConnector.class.getName());
    new TimestreamSinkConfig(config).mappingSpec(); // parses into a mapping
  }

  @ParameterizedTest
  @MethodSource("examples")
  void shouldCommentEverySetting(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file);
    long settings = lines.stream().filter(l -> l.trim().startsWith("\"")).count();
    long comments = lines.stream().filter(l -> l.trim().startsWith("//")).count();
    assertThat(comments).as("comment lines in " + file).isGreaterThanOrEqualTo(settings / 3);
  }

  @ParameterizedTest
  @MethodSource("examples")
  void shouldReadOnlyCommittedTransactionsOfTheExactlyOnceStreamsApp(Path file) throws Exception {
    if (file.getFileName().toString().endsWith("-aggregates.json")) {
      assertThat(load(file)).containsEntry("consumer.override.isolation.level", "read_committed");
    }
  }

  @org.junit.jupiter.api.Test
  void shouldReadOnlyCommittedTransactionsInTheWorkersUsersCopy() throws Exception {
    for (Path worker :
        List.of(
            Path.of("..", "config", "connect-worker.properties"),
            Path.of("..", "docker", "connect", "connect-worker.properties"))) {
      java.util.Properties props = new java.util.Properties();
      try (var in = Files.newBufferedReader(worker)) {
        props.load(in);
      }
      assertThat(props.getProperty("consumer.isolation.level"))
          .as(worker.toString())
          .isEqualTo("read_committed");
    }
  }
}
