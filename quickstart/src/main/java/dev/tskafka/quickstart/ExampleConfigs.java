package dev.tskafka.quickstart;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/** Reads the files in config/ the way users do: connector JSON with comments, and properties. */
final class ExampleConfigs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExampleConfigs() {}

  /**
   * A connector JSON file as the map to PUT: lines starting with {@code //} are comments and are
   * dropped first, as config/deploy-connector.sh does.
   */
  static Map<String, String> connector(Path file) {
    try {
      String json =
          Files.readAllLines(file).stream()
              .filter(line -> !line.strip().startsWith("//"))
              .collect(Collectors.joining("\n"));
      return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read connector config " + file, e);
    }
  }

  static Properties properties(Path file) {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      props.load(in);
      return props;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
