package dev.tskafka.quickstart;

import dev.tskafka.kafkalocal.ConnectRestClient;
import dev.tskafka.kafkalocal.LocalKafkaStack;
import dev.tskafka.kafkalocal.LocalSchemaRegistry;
import dev.tskafka.kafkalocal.PluginZip;
import dev.tskafka.local.TimestreamLocal;
import dev.tskafka.quickstart.ScenarioSetup.TableRef;
import dev.tskafka.quickstart.scenario.Scenario;
import dev.tskafka.quickstart.scenario.Timeline;
import dev.tskafka.streams.StreamsApp;
import dev.tskafka.streams.config.AppConfig;
import dev.tskafka.streams.config.PipelineConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Utils;

/**
 * Everything the quickstart runs, on 127.0.0.1: timestream-local, a Kafka broker and a Connect
 * worker (the connector loaded from its plugin zip), the streams app with the scenarios' pipelines,
 * and the connectors deployed through the Connect REST API from the JSON files in config/.
 */
final class LocalPipeline implements AutoCloseable {
  static final String PLUGIN_ZIP = "connector/target/timestream-kafka-connector-0.1.0-SNAPSHOT.zip";

  /** What the quickstart's build unpacks for --format avro (see quickstart/pom.xml). */
  static final String REGISTRY_HOME = "quickstart/target/apicurio-registry";

  /** Apicurio's Connect converter, as the connector module's build installs it for its tests. */
  static final String CONVERTER_PLUGINS = "connector/target/converter-plugins";

  static final String AVRO_CONVERTER = "io.apicurio.registry.utils.converter.AvroConverter";
  static final int PARTITIONS = 2;

  /**
   * What the quickstart changes in config/streams-*.properties, besides where Kafka and the state
   * are: its generators never send late data, and a short run should not wait out production grace
   * periods and quiet timeouts before the last windows close.
   */
  static final Map<String, String> PIPELINE_OVERRIDES =
      Map.of("window.grace", "5s", "quiet.after", "5s");

  private final List<AutoCloseable> started = new ArrayList<>();
  private TimestreamLocal timestream;
  private LocalSchemaRegistry registry;
  private LocalKafkaStack kafka;
  private StreamsApp streams;
  private List<ScenarioSetup> setups;

  private LocalPipeline() {}

  /** Checks what can be checked before anything starts, with what to do about it. */
  static void preflight(QuickstartOptions options, List<Scenario> scenarios) {
    Path home = options.home();
    Path zip = home.resolve(PLUGIN_ZIP);
    if (!Files.isRegularFile(zip)) {
      throw new QuickstartException(
          "the connector plugin is not built ("
              + zip
              + " is missing): run ./quickstart.sh, which builds it, or mvn -B package -DskipTests");
    }
    if (options.avro()
        && (!Files.isDirectory(home.resolve(REGISTRY_HOME))
            || !Files.isDirectory(home.resolve(CONVERTER_PLUGINS)))) {
      throw new QuickstartException(
          "--format avro needs the schema registry and the Avro converter that the build unpacks"
              + " into quickstart/target and connector/target: run ./quickstart.sh, which builds"
              + " them");
    }
    for (Scenario s : scenarios) {
      for (String file : configFiles(s)) {
        if (!Files.isRegularFile(home.resolve("config").resolve(file))) {
          throw new QuickstartException(
              "config/"
                  + file
                  + " is missing under "
                  + home
                  + ": is --home the project directory?");
        }
      }
    }
    int port = options.timestreamPort();
    if (port != 0) {
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        probe.setReuseAddress(true);
      } catch (IOException e) {
        throw new QuickstartException(
            "port "
                + port
                + " on 127.0.0.1 is taken (another timestream-local or quickstart?): stop it, or"
                + " pass --timestream-port 0 to use any free port");
      }
    }
  }

  static LocalPipeline start(
      QuickstartOptions options, List<Scenario> scenarios, Consumer<String> say) {
    LocalPipeline p = new LocalPipeline();
    try {
      p.startAll(options, scenarios, say);
      return p;
    } catch (RuntimeException | Error e) {
      p.close();
      throw e;
    }
  }

  private void startAll(QuickstartOptions options, List<Scenario> scenarios, Consumer<String> say)
      throws QuickstartException {
    Path home = options.home();
    Path config = home.resolve("config");
    timestream = TimestreamLocal.builder().port(options.timestreamPort()).start();
    started.add(timestream);
    say.accept("timestream-local    " + timestream.endpoint());

    if (options.avro()) {
      registry = LocalSchemaRegistry.start(home.resolve(REGISTRY_HOME));
      started.add(registry);
      say.accept("schema registry     " + registry.confluentUrl() + " (Apicurio, in memory)");
    }
    Path plugins = PluginZip.unpack(home.resolve(PLUGIN_ZIP), options.workDir().resolve("plugins"));
    LocalKafkaStack.Builder stack =
        LocalKafkaStack.builder()
            .withConnect(true)
            // Commit sink offsets often, and never sink what an aborted transaction wrote.
            .workerProperty("offset.flush.interval.ms", "1000")
            .workerProperty("consumer.isolation.level", "read_committed");
    if (options.avro()) {
      // Apicurio's converter is its own plugin directory; it ships no ServiceLoader manifest, so
      // the worker scans for it (hybrid_warn) instead of only reading manifests.
      stack
          .pluginPath(List.of(plugins, home.resolve(CONVERTER_PLUGINS)))
          .workerProperty("plugin.discovery", "hybrid_warn");
    } else {
      stack.pluginPath(List.of(plugins));
    }
    kafka = stack.start();
    started.add(kafka);
    say.accept("kafka               " + kafka.broker().bootstrapServers());
    say.accept("connect REST        " + kafka.connect().restUrl() + "connectors");

    // The broker is new on every run: state left by an earlier run would not match it.
    Path state = options.workDir().resolve("streams-state");
    try {
      Utils.delete(state.toFile());
    } catch (IOException e) {
      throw new QuickstartException("cannot clear " + state + ": " + e.getMessage());
    }
    AppConfig appConfig = streamsConfig(options, config, scenarios);
    createTopics(scenarios, appConfig);
    streams = StreamsApp.start(appConfig);
    started.add(streams);
    say.accept(
        "streams app HTTP    http://127.0.0.1:" + streams.httpPort() + "/pipelines/NAME/series");

    setups = new ArrayList<>();
    ConnectRestClient rest = kafka.connect().rest();
    for (Scenario s : scenarios) {
      List<String> names = new ArrayList<>();
      List<TableRef> tables = new ArrayList<>();
      for (String file : s.connectorConfigs()) {
        Map<String, String> connector = ExampleConfigs.connector(config.resolve(file));
        connector.putAll(connectorOverrides());
        connector.put("timestream.endpoint", timestream.endpoint().toString());
        if (options.avro() && file.equals(s.connectorConfigs().get(0))) {
          // The raw samples are Avro; the streams app's aggregates stay JSON.
          connector.remove("value.converter.schemas.enable");
          connector.put("value.converter", AVRO_CONVERTER);
          registrySettings().forEach((k, v) -> connector.put("value.converter." + k, v));
        }
        String name = file.replaceFirst("^connector-", "").replaceFirst("\\.json$", "");
        rest.createOrUpdateConnector(name, connector);
        names.add(name);
        tables.add(
            new TableRef(connector.get("timestream.database"), connector.get("timestream.table")));
      }
      PipelineConfig pipeline =
          appConfig.pipelines().stream()
              .filter(pc -> pc.inputTopics().contains(s.topic()))
              .findFirst()
              .orElseThrow();
      setups.add(
          new ScenarioSetup(
              s,
              pipeline,
              names,
              tables.get(0),
              tables.get(1),
              options.avro() ? registerSchema(s, options) : null));
    }
    for (ScenarioSetup setup : setups) {
      for (String name : setup.connectors()) {
        rest.awaitRunning(name, Duration.ofSeconds(60));
      }
    }
    say.accept(
        "connectors          "
            + String.join(", ", setups.stream().flatMap(s -> s.connectors().stream()).toList())
            + " (from config/connector-*.json)");
  }

  /** Registers the scenario's Avro schema as {@code TOPIC-value}, as a producer would. */
  private AvroEncoding registerSchema(Scenario s, QuickstartOptions options) {
    // A sample from a scenario of its own, so the run's generator state is untouched.
    Scenario probe = options.newScenario(s.name());
    Timeline timeline = Timeline.ending(java.time.Instant.now(), Duration.ofHours(1), 1);
    var schema =
        AvroEncoding.schemaOf(
            s.name(), probe.next(timeline.startMs(), timeline, new Random(0)).fields());
    int id = registry.registerAvroSchema(s.topic() + "-value", schema.toString());
    return new AvroEncoding(schema, id);
  }

  /** The Apicurio serde and converter settings for Confluent framing with content ids. */
  private Map<String, String> registrySettings() {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("apicurio.registry.url", registry.apicurioUrl());
    r.put("apicurio.registry.as-confluent", "true");
    r.put("apicurio.registry.use-id", "contentId");
    r.put("apicurio.registry.headers.enabled", "false");
    return r;
  }

  /**
   * What the quickstart changes in config/connector-*.json: timestream-local's address (set by the
   * caller) and credentials, which it accepts whatever they are but which must sign the requests.
   */
  static Map<String, String> connectorOverrides() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("timestream.credentials.provider", "STATIC");
    o.put("timestream.aws.access.key.id", "quickstart");
    o.put("timestream.aws.secret.access.key", "quickstart-secret");
    return o;
  }

  /**
   * One streams app for all scenarios: the pipeline.* settings of each config/streams-*.properties
   * file, with the quickstart's Kafka, state directory and {@link #PIPELINE_OVERRIDES}.
   */
  AppConfig streamsConfig(QuickstartOptions options, Path config, List<Scenario> scenarios) {
    Properties merged = new Properties();
    List<String> pipelines = new ArrayList<>();
    for (Scenario s : scenarios) {
      Properties file = ExampleConfigs.properties(config.resolve(s.streamsConfig()));
      for (String key : file.stringPropertyNames()) {
        if (key.startsWith("pipeline.")) {
          merged.setProperty(key, file.getProperty(key));
        }
      }
      for (String name : file.getProperty("pipelines", "").split(",")) {
        String pipeline = name.strip();
        pipelines.add(pipeline);
        PIPELINE_OVERRIDES.forEach(
            (k, v) -> merged.setProperty("pipeline." + pipeline + "." + k, v));
      }
    }
    merged.setProperty("pipelines", String.join(",", pipelines));
    if (options.avro()) {
      pipelines.forEach(p -> merged.setProperty("pipeline." + p + ".input.format", "avro"));
      registrySettings().forEach((k, v) -> merged.setProperty("serde." + k, v));
    }
    merged.setProperty("application.id", "tskafka-quickstart");
    merged.setProperty("bootstrap.servers", kafka.broker().bootstrapServers());
    merged.setProperty("state.dir", options.workDir().resolve("streams-state").toString());
    merged.setProperty("replication.factor", "1");
    merged.setProperty("http.port", "0");
    return AppConfig.from(merged);
  }

  private void createTopics(List<Scenario> scenarios, AppConfig appConfig) {
    List<String> topics = new ArrayList<>();
    scenarios.forEach(s -> topics.add(s.topic()));
    for (PipelineConfig pc : appConfig.pipelines()) {
      topics.addAll(
          List.of(pc.outputTopic(), pc.anomaliesTopic(), pc.deadLetterTopic(), pc.lateTopic()));
    }
    for (String topic : topics) {
      kafka.broker().createTopic(new NewTopic(topic, PARTITIONS, (short) 1));
    }
  }

  private static List<String> configFiles(Scenario s) {
    return Stream.concat(Stream.of(s.streamsConfig()), s.connectorConfigs().stream()).toList();
  }

  TimestreamLocal timestream() {
    return timestream;
  }

  LocalKafkaStack kafka() {
    return kafka;
  }

  StreamsApp streams() {
    return streams;
  }

  List<ScenarioSetup> setups() {
    return setups;
  }

  /** Stops what started, last first. */
  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      }
    }
    started.clear();
  }
}
