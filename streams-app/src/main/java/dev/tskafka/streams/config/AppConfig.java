package dev.tskafka.streams.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The app's configuration, from a properties file: Kafka Streams settings are passed through as-is;
 * {@code pipelines=a,b} names the pipelines and {@code pipeline.a.*} describes each.
 *
 * <pre>
 * pipeline.api.input.topics=api.metrics
 * pipeline.api.input.partitioned.by.series=false   # true when producers key records by series
 * pipeline.api.dimensions=service,endpoint,status_code
 * pipeline.api.measures=latency_ms
 * pipeline.api.time.field=timestamp          # blank: the Kafka record timestamp
 * pipeline.api.time.max.future=15m           # later event times are dead letters (Timestream: 15m)
 * pipeline.api.window.size=1m                # 500ms, 30s, 1m, 1h, or ISO-8601 (PT1M)
 * pipeline.api.window.advance=               # blank: tumbling; smaller than size: hopping
 * pipeline.api.window.grace=10s
 * pipeline.api.emit=final                    # final | updates
 * pipeline.api.quiet.after=30s
 * pipeline.api.history.windows=20
 * pipeline.api.moving.average.windows=5
 * pipeline.api.rules=latency_ms.p99:zscore:3,latency_ms.p99:above:800
 * pipeline.api.output.topic=api.metrics.1m   # defaults: INPUT.agg, .anomalies, .dlq, .late
 * pipeline.api.input.format=json             # json (default) | avro
 * pipeline.api.output.format=json            # json (default) | avro
 * http.port=8090                             # health and series queries; -1 (default) = off, 0 = any
 * </pre>
 *
 * <p>Avro goes through a registry serde loaded by class name, configured with every {@code serde.*}
 * property (prefix stripped; shared by all pipelines), overridden per pipeline by {@code
 * pipeline.NAME.serde.*}:
 *
 * <pre>
 * pipeline.api.input.format=avro
 * pipeline.api.input.deserializer=io.apicurio.registry.serde.avro.AvroKafkaDeserializer  # default
 * pipeline.api.output.format=avro
 * pipeline.api.output.serializer=io.apicurio.registry.serde.avro.AvroKafkaSerializer    # default
 * serde.apicurio.registry.url=http://registry:8080/apis/registry/v2
 * serde.apicurio.registry.as-confluent=true  # Confluent framing: magic byte 0, 4-byte id
 * serde.apicurio.registry.use-id=contentId
 * serde.apicurio.registry.headers.enabled=false
 * serde.apicurio.registry.auto-register=true # registers the output schemas
 * # Confluent Schema Registry: its jar on the classpath, then
 * # pipeline.api.input.deserializer=io.confluent.kafka.serializers.KafkaAvroDeserializer
 * # pipeline.api.output.serializer=io.confluent.kafka.serializers.KafkaAvroSerializer
 * # serde.schema.registry.url=http://schema-registry:8081
 * </pre>
 */
public record AppConfig(Properties streams, List<PipelineConfig> pipelines, int httpPort) {
  static final String SERDE_PREFIX = "serde.";

  public AppConfig {
    streams = copy(streams);
    pipelines = List.copyOf(pipelines);
  }

  /** The Kafka Streams properties, a copy: the caller may add to it. */
  @Override
  public Properties streams() {
    return copy(streams);
  }

  private static Properties copy(Properties properties) {
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  public static AppConfig load(Path file) throws IOException {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      props.load(in);
    }
    return from(props);
  }

  public static AppConfig from(Properties props) {
    Properties streams = new Properties();
    for (String key : props.stringPropertyNames()) {
      if (!key.startsWith("pipeline.")
          && !key.equals("pipelines")
          && !key.startsWith("http.")
          && !key.startsWith(SERDE_PREFIX)) {
        streams.setProperty(key, props.getProperty(key));
      }
    }
    streams.putIfAbsent("processing.guarantee", "exactly_once_v2");
    // Each commit serializes every open window touched since the last one: committing once a
    // second (exactly-once's default is 100 ms) costs at most a second of output latency on
    // windows of a minute or more, and takes a third of the CPU off the hot path.
    streams.putIfAbsent("commit.interval.ms", "1000");
    List<String> names = list(props.getProperty("pipelines", ""));
    if (names.isEmpty()) {
      throw new IllegalArgumentException("pipelines= must name at least one pipeline");
    }
    for (String key : new java.util.TreeSet<>(props.stringPropertyNames())) {
      if (key.startsWith("pipeline.")) {
        String name = key.substring("pipeline.".length()).split("\\.", 2)[0];
        if (!names.contains(name)) {
          throw new IllegalArgumentException(
              key + ": there is no pipeline '" + name + "' in pipelines=" + names);
        }
      }
    }
    List<PipelineConfig> pipelines = new ArrayList<>();
    for (String name : names) {
      pipelines.add(pipeline(name, props));
    }
    return new AppConfig(streams, List.copyOf(pipelines), httpPort(props));
  }

  private static PipelineConfig pipeline(String name, Properties props) {
    String prefix = "pipeline." + name + ".";
    Map<String, String> settings = new TreeMap<>();
    for (String key : props.stringPropertyNames()) {
      if (key.startsWith(prefix)) {
        settings.put(key.substring(prefix.length()), props.getProperty(key));
      }
    }
    return PipelineSettings.parse(name, settings, props);
  }

  /**
   * The pipeline's formats from its settings as {@link PipelineSettings} parsed and checked them,
   * with the serdes' own {@code serde.*} settings from {@code props}.
   */
  static Formats formats(String p, Map<String, Object> settings, Properties props) {
    Formats.Format input =
        Formats.Format.parse(
            p + PipelineSettings.INPUT_FORMAT,
            (String) settings.get(PipelineSettings.INPUT_FORMAT));
    Formats.Format output =
        Formats.Format.parse(
            p + PipelineSettings.OUTPUT_FORMAT,
            (String) settings.get(PipelineSettings.OUTPUT_FORMAT));
    String deserializer = (String) settings.get(PipelineSettings.INPUT_DESERIALIZER);
    String serializer = (String) settings.get(PipelineSettings.OUTPUT_SERIALIZER);
    if (input == Formats.Format.AVRO) {
      checkClass(p + "input.deserializer", deserializer, Deserializer.class);
    }
    if (output == Formats.Format.AVRO) {
      checkClass(p + "output.serializer", serializer, Serializer.class);
    }
    // App-wide serde.* first, then the pipeline's own serde.* over them.
    Map<String, String> serde = new TreeMap<>();
    for (String prefix : List.of(SERDE_PREFIX, p + SERDE_PREFIX)) {
      for (String key : props.stringPropertyNames()) {
        if (key.startsWith(prefix)) {
          serde.put(key.substring(prefix.length()), props.getProperty(key).trim());
        }
      }
    }
    return new Formats(input, deserializer, output, serializer, serde);
  }

  private static void checkClass(String key, String className, Class<?> base) {
    try {
      Utils.loadClass(className, base);
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      throw new IllegalArgumentException(
          key + ": class " + className + " is not on the classpath (add its jar)");
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(key + ": " + className + " is not a " + base.getName());
    }
  }

  private static int httpPort(Properties props) {
    String text = props.getProperty("http.port", "-1").trim();
    try {
      int port = Integer.parseInt(text);
      if (port >= -1 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "http.port must be -1 (off), 0 (any free port) or a port up to 65535, was " + text);
  }

  static List<String> list(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, or ISO-8601 ({@code PT5M}). */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      } else if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new IllegalArgumentException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (e.g. 500ms, 30s, 5m, 1h, PT5M)");
    }
  }
}
