package dev.tskafka.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What can be checked of {@code docker/} without a Docker engine: the compose file parses, every
 * file it and its Dockerfiles reference exists (or, for build outputs under {@code target/}, is the
 * file the poms produce), and ports, topics and versions agree with {@code config/} and the poms.
 *
 * <p>It cannot check that the images build, that the containers start, that the apache/kafka and
 * Apicurio images accept these environment variables, or that the services reach each other: none
 * of that has been run (no Docker engine on the machines that build this project).
 */
class DockerFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern INTERPOLATION =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?}");
  private static final Pattern LISTENER =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)://([^:]*):(\\d+)");

  /** Worker settings that must differ inside the compose network; everything else must not. */
  private static final Set<String> WORKER_KEYS_DOCKER_CHANGES =
      Set.of(
          "bootstrap.servers",
          "config.storage.replication.factor",
          "offset.storage.replication.factor",
          "status.storage.replication.factor");

  private static final Set<String> WORKER_KEYS_DOCKER_ADDS = Set.of("rest.advertised.host.name");

  private static Path root;
  private static Path dockerDir;
  private static JsonNode services;

  @BeforeAll
  static void readComposeFile() throws IOException {
    root = repositoryRoot();
    dockerDir = root.resolve("docker");
    JsonNode compose =
        new ObjectMapper(new YAMLFactory())
            .readTree(dockerDir.resolve("docker-compose.yml").toFile());
    services = compose.path("services");
  }

  @Test
  void composeFileParses() {
    assertThat(services.isObject()).as("services: is a mapping").isTrue();
    assertThat(fieldNames(services))
        .contains("kafka", "schema-registry", "timestream-local", "connect", "streams-app");
    for (String name : fieldNames(services)) {
      JsonNode service = services.get(name);
      assertThat(service.has("image") || service.has("build"))
          .as("service %s has an image or a build", name)
          .isTrue();
    }
  }

  @Test
  void everyFileTheComposeFileReferencesExists() {
    for (String name : fieldNames(services)) {
      JsonNode service = services.get(name);
      if (service.has("build")) {
        Path context = buildContext(service);
        assertThat(context).as("build context of %s", name).isDirectory();
        assertThat(dockerfile(service)).as("Dockerfile of %s", name).isRegularFile();
      }
      for (String source : bindMountSources(service)) {
        assertThat(dockerDir.resolve(source).normalize())
            .as("bind mount %s of %s", source, name)
            .exists();
      }
      for (JsonNode envFile : list(service.path("env_file"))) {
        assertThat(dockerDir.resolve(envFile.asText()).normalize())
            .as("env_file of %s", name)
            .isRegularFile();
      }
    }
  }

  @Test
  void everyFileTheDockerfilesCopyExists() throws IOException {
    Set<String> buildOutputs = new TreeSet<>();
    for (String name : fieldNames(services)) {
      JsonNode service = services.get(name);
      if (!service.has("build")) {
        continue;
      }
      Path context = buildContext(service);
      Dockerfile dockerfile = Dockerfile.read(dockerfile(service));
      assertThat(dockerfile.copySources()).as("COPY lines of %s", dockerfile.path()).isNotEmpty();
      for (String source : dockerfile.copySources()) {
        if (isBuildOutput(source)) {
          // Exists only after `mvn package`; checked by its name in
          // copiedBuildOutputsAreTheFilesThePomsProduce.
          buildOutputs.add(source);
          continue;
        }
        assertThat(matches(context, source))
            .as(
                "COPY %s in %s (relative to the build context %s)",
                source, dockerfile.path(), context)
            .isNotEmpty();
      }
    }
    assertThat(buildOutputs).isNotEmpty();
  }

  @Test
  void copiedBuildOutputsAreTheFilesThePomsProduce() throws Exception {
    Set<String> produced = mavenBuildOutputs();
    for (String name : fieldNames(services)) {
      JsonNode service = services.get(name);
      if (!service.has("build")) {
        continue;
      }
      Dockerfile dockerfile = Dockerfile.read(dockerfile(service));
      for (String source : dockerfile.copySources()) {
        if (isBuildOutput(source)) {
          assertThat(produced)
              .as("%s copies %s: a file the Maven build produces", dockerfile.path(), source)
              .contains(source);
        }
      }
    }
  }

  @Test
  void hostPortsAgreeWithConfig() throws IOException {
    // Kafka: the host listener is what config/*.properties use.
    Map<String, String> kafkaEnv = environment("kafka");
    int kafkaHostPort = hostPort("kafka", containerPortOfListener(kafkaEnv, "EXTERNAL"));
    assertThat(advertisedListener(kafkaEnv, "EXTERNAL"))
        .isEqualTo(URI.create("EXTERNAL://127.0.0.1:" + kafkaHostPort));
    for (Path file : configFiles("streams-*.properties")) {
      assertThat(bootstrapPorts(properties(file).getProperty("bootstrap.servers")))
          .as("bootstrap.servers in %s", file)
          .containsOnly(kafkaHostPort);
    }
    assertThat(
            bootstrapPorts(
                properties(root.resolve("config/connect-worker.properties"))
                    .getProperty("bootstrap.servers")))
        .as("bootstrap.servers in config/connect-worker.properties")
        .containsOnly(kafkaHostPort);

    // timestream-local: every connector JSON's endpoint.
    List<String> entrypoint =
        Dockerfile.read(dockerfile(services.get("timestream-local"))).entrypoint();
    int timestreamPort = Integer.parseInt(entrypoint.get(entrypoint.indexOf("--port") + 1));
    int timestreamHostPort = hostPort("timestream-local", timestreamPort);
    for (Path file : configFiles("connector-*.json")) {
      URI endpoint = URI.create(connectorConfig(file).get("timestream.endpoint").asText());
      assertThat(endpoint.getPort())
          .as("timestream.endpoint in %s", file)
          .isEqualTo(timestreamHostPort);
    }

    // Connect: the REST port of deploy-connector.sh's default, the README and the worker's
    // listener.
    int connectPort = URI.create(dockerWorker().getProperty("listeners")).getPort();
    int connectHostPort = hostPort("connect", connectPort);
    String deployScript = Files.readString(root.resolve("config/deploy-connector.sh"));
    Matcher defaultUrl = Pattern.compile("url=\\$\\{3:-([^}]+)}").matcher(deployScript);
    assertThat(defaultUrl.find()).as("deploy-connector.sh has a default Connect URL").isTrue();
    assertThat(URI.create(defaultUrl.group(1)).getPort()).isEqualTo(connectHostPort);
    assertThat(Files.readString(root.resolve("README.md")))
        .contains("127.0.0.1:" + connectHostPort);

    // The registry: 8081 on the host, Apicurio's 8080 in the container.
    assertThat(hostPort("schema-registry", 8080)).isEqualTo(8081);
  }

  @Test
  void containersUseTheInNetworkAddresses() throws IOException {
    Map<String, String> kafkaEnv = environment("kafka");
    // Every advertised listener is a listener with the same port and a security protocol.
    Set<String> protocols =
        Arrays.stream(kafkaEnv.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(","))
            .map(entry -> entry.split(":")[0].trim())
            .collect(Collectors.toSet());
    for (URI advertised : listeners(kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS"))) {
      assertThat(containerPortOfListener(kafkaEnv, advertised.getScheme()))
          .as("listener %s", advertised)
          .isEqualTo(advertised.getPort());
      assertThat(protocols).contains(advertised.getScheme());
    }
    String controller = kafkaEnv.get("KAFKA_CONTROLLER_LISTENER_NAMES");
    assertThat(protocols).contains(controller, kafkaEnv.get("KAFKA_INTER_BROKER_LISTENER_NAME"));
    assertThat(kafkaEnv.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
        .isEqualTo(
            kafkaEnv.get("KAFKA_NODE_ID")
                + "@kafka:"
                + containerPortOfListener(kafkaEnv, controller));

    // Containers bootstrap from the broker's in-network advertised listener.
    URI internal = advertisedListener(kafkaEnv, kafkaEnv.get("KAFKA_INTER_BROKER_LISTENER_NAME"));
    String inNetwork = internal.getHost() + ":" + internal.getPort();
    assertThat(internal.getHost()).isEqualTo("kafka");
    assertThat(dockerWorker().getProperty("bootstrap.servers")).isEqualTo(inNetwork);
    assertThat(environment("streams-app").get("BOOTSTRAP_SERVERS")).isEqualTo(inNetwork);
    assertThat(environment("create-topics").get("BOOTSTRAP_SERVERS")).isEqualTo(inNetwork);

    // deploy-connectors reaches Connect and points the connectors at timestream-local by name.
    Map<String, String> deployEnv = environment("deploy-connectors");
    int connectPort = URI.create(dockerWorker().getProperty("listeners")).getPort();
    assertThat(deployEnv.get("CONNECT_URL")).isEqualTo("http://connect:" + connectPort);
    List<String> entrypoint =
        Dockerfile.read(dockerfile(services.get("timestream-local"))).entrypoint();
    String timestreamPort = entrypoint.get(entrypoint.indexOf("--port") + 1);
    assertThat(deployEnv.get("TIMESTREAM_ENDPOINT"))
        .isEqualTo("http://timestream-local:" + timestreamPort);
    assertThat(entrypoint).contains("--host", "0.0.0.0");
    // deploy-connectors reads config/ where its CONFIG_DIR says.
    assertThat(hostPathOf("deploy-connectors", deployEnv.get("CONFIG_DIR")))
        .isEqualTo(root.resolve("config"));
  }

  @Test
  void dockerWorkerConfigDiffersFromConfigOnlyInNetworkAndReplication() throws IOException {
    Properties config = properties(root.resolve("config/connect-worker.properties"));
    Properties docker = dockerWorker();
    for (String key : config.stringPropertyNames()) {
      assertThat(docker.getProperty(key))
          .as("%s in docker/connect/connect-worker.properties", key)
          .isNotNull();
      if (!WORKER_KEYS_DOCKER_CHANGES.contains(key)) {
        assertThat(docker.getProperty(key)).as(key).isEqualTo(config.getProperty(key));
      }
    }
    Set<String> added = new TreeSet<>(docker.stringPropertyNames());
    added.removeAll(config.stringPropertyNames());
    assertThat(added).isSubsetOf(WORKER_KEYS_DOCKER_ADDS);
  }

  @Test
  void topicNamesAgreeWithConfig() throws IOException {
    Set<String> configTopics = new TreeSet<>();
    Set<String> configInputs = new TreeSet<>();
    for (Path file : configFiles("connector-*.json")) {
      JsonNode connector = connectorConfig(file);
      configInputs.addAll(split(connector.get("topics").asText()));
      if (connector.has("errors.deadletterqueue.topic.name")) {
        configTopics.add(connector.get("errors.deadletterqueue.topic.name").asText());
      }
    }
    for (Path file : configFiles("streams-*.properties")) {
      Properties props = properties(file);
      for (String key : props.stringPropertyNames()) {
        if (key.endsWith(".input.topics")) {
          configInputs.addAll(split(props.getProperty(key)));
        } else if (key.endsWith(".topic")) {
          configTopics.add(props.getProperty(key).trim());
        }
      }
    }
    configTopics.addAll(configInputs);

    Set<String> created = new TreeSet<>(split(environment("create-topics").get("TOPICS")));
    assertThat(created)
        .as("topics created by create-topics are config/'s")
        .isSubsetOf(configTopics);
    assertThat(created)
        .as("every topic a connector or streams app in config/ reads is created")
        .containsAll(configInputs);

    // The streams app's file is one of config/, and its inputs are created before it starts.
    Path streamsConfig =
        hostPathOf("streams-app", environment("streams-app").get("STREAMS_APP_CONFIG"));
    assertThat(streamsConfig).isRegularFile().startsWith(root.resolve("config"));
    Properties streams = properties(streamsConfig);
    for (String key : streams.stringPropertyNames()) {
      if (key.endsWith(".input.topics")) {
        assertThat(created).containsAll(split(streams.getProperty(key)));
      }
    }
  }

  @Test
  void imageAndPluginVersionsAgreeWithThePoms() throws Exception {
    Document parent = pom(root.resolve("pom.xml"));
    String kafkaVersion = property(parent, "kafka.version");
    String projectVersion = text(parent.getDocumentElement(), "version");
    String jacksonVersion = property(parent, "jackson.version");

    assertThat(services.get("kafka").get("image").asText())
        .isEqualTo("apache/kafka:" + kafkaVersion);
    assertThat(services.get("create-topics").get("image").asText())
        .isEqualTo("apache/kafka:" + kafkaVersion);
    Dockerfile connect = Dockerfile.read(dockerfile(services.get("connect")));
    assertThat(connect.args()).containsEntry("KAFKA_VERSION", kafkaVersion);
    assertThat(connect.args()).containsEntry("CONNECTOR_VERSION", projectVersion);
    for (String name : fieldNames(services)) {
      String image = services.get(name).path("image").asText();
      if (image.startsWith("tskafka/")) {
        assertThat(image).as("image of %s", name).endsWith(":" + projectVersion);
      }
    }

    // The Apicurio converter installed into Connect matches the registry and the pinned Jackson.
    String registryImage = services.get("schema-registry").get("image").asText();
    Document converter = pom(dockerDir.resolve("connect/apicurio-converter/pom.xml"));
    assertThat(registryImage)
        .isEqualTo("apicurio/apicurio-registry-mem:" + property(converter, "apicurio.version"));
    assertThat(property(converter, "jackson.version")).isEqualTo(jacksonVersion);
  }

  @Test
  void dockerDocNamesEveryServiceAndPublishedPort() throws IOException {
    String doc = Files.readString(root.resolve("docs/docker.md"));
    for (String name : fieldNames(services)) {
      assertThat(doc).as("docs/docker.md names service %s", name).contains("`" + name + "`");
      for (int[] port : ports(services.get(name))) {
        assertThat(doc)
            .as("docs/docker.md names port %s of %s", port[0], name)
            .contains(String.valueOf(port[0]));
      }
    }
    assertThat(Files.readString(root.resolve("README.md"))).contains("docs/docker.md");
  }

  // ---- the compose file

  private static Map<String, String> environment(String service) {
    JsonNode env = services.get(service).path("environment");
    Map<String, String> result = new LinkedHashMap<>();
    if (env.isObject()) {
      env.properties().forEach(e -> result.put(e.getKey(), interpolate(e.getValue().asText())));
    } else {
      for (JsonNode entry : list(env)) {
        String[] kv = entry.asText().split("=", 2);
        result.put(kv[0], kv.length > 1 ? interpolate(kv[1]) : "");
      }
    }
    return result;
  }

  /**
   * The value compose uses when the variable is unset: the default of {@code ${VAR:-default}} or
   * {@code ${VAR-default}}, empty for {@code ${VAR}}; {@code $$} is a literal {@code $}.
   */
  static String interpolate(String value) {
    Matcher m = INTERPOLATION.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(3) == null ? "" : m.group(3)));
    }
    m.appendTail(out);
    return out.toString().replace("$$", "$");
  }

  private static Path buildContext(JsonNode service) {
    JsonNode build = service.get("build");
    String context = build.isTextual() ? build.asText() : build.path("context").asText(".");
    return dockerDir.resolve(context).normalize();
  }

  private static Path dockerfile(JsonNode service) {
    JsonNode build = service.get("build");
    String name = build.isTextual() ? "Dockerfile" : build.path("dockerfile").asText("Dockerfile");
    return buildContext(service).resolve(name).normalize();
  }

  /** Host paths of bind mounts ({@code ./x:/y}, {@code ../x:/y:ro}); named volumes are skipped. */
  private static List<String> bindMountSources(JsonNode service) {
    List<String> sources = new ArrayList<>();
    for (JsonNode volume : list(service.path("volumes"))) {
      String source =
          volume.isTextual() ? volume.asText().split(":")[0] : volume.path("source").asText();
      if (source.startsWith(".") || source.startsWith("/")) {
        sources.add(source);
      }
    }
    return sources;
  }

  /** The host file behind a container path, through the service's bind mounts. */
  private static Path hostPathOf(String service, String containerPath) {
    for (JsonNode volume : list(services.get(service).path("volumes"))) {
      String[] parts = volume.asText().split(":");
      if (parts.length >= 2
          && (parts[0].startsWith(".") || parts[0].startsWith("/"))
          && (containerPath.equals(parts[1]) || containerPath.startsWith(parts[1] + "/"))) {
        return dockerDir
            .resolve(parts[0])
            .resolve(containerPath.substring(parts[1].length()).replaceFirst("^/", ""))
            .normalize();
      }
    }
    throw new AssertionError(service + " mounts nothing at " + containerPath);
  }

  /** Published ports as {host, container}, from {@code [IP:]HOST:CONTAINER}. */
  private static List<int[]> ports(JsonNode service) {
    List<int[]> ports = new ArrayList<>();
    for (JsonNode port : list(service.path("ports"))) {
      String[] parts = port.asText().split(":");
      assertThat(parts.length)
          .as("port %s names host and container ports", port)
          .isGreaterThanOrEqualTo(2);
      ports.add(
          new int[] {
            Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1])
          });
    }
    return ports;
  }

  private static int hostPort(String service, int containerPort) {
    return ports(services.get(service)).stream()
        .filter(p -> p[1] == containerPort)
        .mapToInt(p -> p[0])
        .findFirst()
        .orElseThrow(() -> new AssertionError(service + " does not publish port " + containerPort));
  }

  private static List<URI> listeners(String list) {
    List<URI> result = new ArrayList<>();
    for (String listener : split(list)) {
      Matcher m = LISTENER.matcher(listener);
      assertThat(m.matches()).as("listener %s", listener).isTrue();
      result.add(
          URI.create(
              m.group(1)
                  + "://"
                  + (m.group(2).isEmpty() ? "0.0.0.0" : m.group(2))
                  + ":"
                  + m.group(3)));
    }
    return result;
  }

  private static int containerPortOfListener(Map<String, String> kafkaEnv, String name) {
    return listeners(kafkaEnv.get("KAFKA_LISTENERS")).stream()
        .filter(l -> l.getScheme().equals(name))
        .mapToInt(URI::getPort)
        .findFirst()
        .orElseThrow(() -> new AssertionError("KAFKA_LISTENERS has no " + name));
  }

  private static URI advertisedListener(Map<String, String> kafkaEnv, String name) {
    return listeners(kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS")).stream()
        .filter(l -> l.getScheme().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("KAFKA_ADVERTISED_LISTENERS has no " + name));
  }

  // ---- Dockerfiles

  /** The instructions this test reads from a Dockerfile: ARG defaults, COPY sources, ENTRYPOINT. */
  record Dockerfile(
      Path path, Map<String, String> args, List<String> copySources, List<String> entrypoint) {

    static Dockerfile read(Path path) throws IOException {
      Map<String, String> args = new LinkedHashMap<>();
      List<String[]> copies = new ArrayList<>();
      List<String> entrypoint = List.of();
      for (String line : instructions(Files.readAllLines(path))) {
        String[] words = line.trim().split("\\s+", 2);
        String instruction = words[0].toUpperCase();
        String rest = words.length > 1 ? words[1].trim() : "";
        switch (instruction) {
          case "ARG" -> {
            String[] kv = rest.split("=", 2);
            if (kv.length == 2) {
              args.putIfAbsent(kv[0], kv[1]);
            }
          }
          case "COPY", "ADD" -> {
            List<String> tokens = new ArrayList<>(Arrays.asList(rest.split("\\s+")));
            if (tokens.stream().anyMatch(t -> t.startsWith("--from="))) {
              continue; // from another build stage or image, not the build context
            }
            tokens.removeIf(t -> t.startsWith("--"));
            copies.add(tokens.subList(0, tokens.size() - 1).toArray(String[]::new));
          }
          case "ENTRYPOINT" -> entrypoint = Arrays.asList(JSON.readValue(rest, String[].class));
          default -> {}
        }
      }
      List<String> sources = new ArrayList<>();
      for (String[] copy : copies) {
        for (String source : copy) {
          sources.add(expand(source, args));
        }
      }
      return new Dockerfile(path, args, sources, entrypoint);
    }

    /** Lines joined over trailing backslashes, without comments and blank lines. */
    private static List<String> instructions(List<String> lines) {
      List<String> result = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : lines) {
        String trimmed = line.trim();
        if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
          continue;
        }
        if (trimmed.endsWith("\\")) {
          current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        } else {
          current.append(trimmed);
          result.add(current.toString());
          current.setLength(0);
        }
      }
      return result;
    }

    private static String expand(String text, Map<String, String> args) {
      Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(text);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String value = args.get(m.group(1));
        if (value == null) {
          throw new AssertionError("ARG " + m.group(1) + " has no default, used in " + text);
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      return out.toString();
    }
  }

  private static boolean isBuildOutput(String source) {
    return Pattern.compile("(^|/)target/").matcher(source).find();
  }

  /** Files under the build context matching a COPY source (a path or a glob in its last part). */
  private static List<Path> matches(Path context, String source) throws IOException {
    Path path = context.resolve(source).normalize();
    if (!source.contains("*") && !source.contains("?")) {
      return Files.exists(path) ? List.of(path) : List.of();
    }
    Path dir = path.getParent();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    PathMatcher matcher = dir.getFileSystem().getPathMatcher("glob:" + path.getFileName());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> matcher.matches(f.getFileName())).toList();
    }
  }

  /**
   * The build outputs the Dockerfiles may copy, relative to the repository root, as the poms name
   * them: timestream-local's shade outputFile, streams-app's shade finalName, the connector's
   * assembly zip (its plugin.zip property).
   */
  private static Set<String> mavenBuildOutputs() throws Exception {
    Set<String> outputs = new LinkedHashSet<>();
    Document timestreamLocal = pom(root.resolve("timestream-local/pom.xml"));
    outputs.add(
        resolve(
            text(shadeConfiguration(timestreamLocal), "outputFile"),
            "timestream-local",
            timestreamLocal));
    Document streamsApp = pom(root.resolve("streams-app/pom.xml"));
    outputs.add("streams-app/target/" + text(shadeConfiguration(streamsApp), "finalName") + ".jar");
    Document connector = pom(root.resolve("connector/pom.xml"));
    outputs.add(resolve(property(connector, "plugin.zip"), "connector", connector));
    return outputs;
  }

  private static String resolve(String value, String module, Document pom) {
    Element project = pom.getDocumentElement();
    String version = text(project, "version");
    if (version == null) {
      version = text(child(project, "parent"), "version");
    }
    return value
        .replace("${project.build.directory}", module + "/target")
        .replace("${project.artifactId}", text(project, "artifactId"))
        .replace("${project.version}", version);
  }

  private static Element shadeConfiguration(Document pom) {
    NodeList plugins = pom.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if ("maven-shade-plugin".equals(text(plugin, "artifactId"))) {
        return (Element) plugin.getElementsByTagName("configuration").item(0);
      }
    }
    throw new AssertionError("no maven-shade-plugin");
  }

  // ---- config/ and poms

  private static List<Path> configFiles(String glob) throws IOException {
    List<Path> files = matches(root.resolve("config"), glob);
    assertThat(files).as("config/%s", glob).isNotEmpty();
    return files;
  }

  /** A connector JSON as deploy-connector.sh sends it: without its // comment lines. */
  private static JsonNode connectorConfig(Path file) throws IOException {
    String json =
        Files.readAllLines(file).stream()
            .filter(line -> !line.trim().startsWith("//"))
            .collect(Collectors.joining("\n"));
    return JSON.readTree(json);
  }

  private static Properties dockerWorker() throws IOException {
    return properties(dockerDir.resolve("connect/connect-worker.properties"));
  }

  private static Properties properties(Path file) throws IOException {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      props.load(in);
    }
    return props;
  }

  private static Set<Integer> bootstrapPorts(String servers) {
    return split(servers).stream()
        .map(s -> Integer.parseInt(s.substring(s.lastIndexOf(':') + 1)))
        .collect(Collectors.toSet());
  }

  private static Document pom(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static String property(Document pom, String name) {
    return text(child(pom.getDocumentElement(), "properties"), name);
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String name) {
    Element child = child(parent, name);
    return child == null ? null : child.getTextContent().trim();
  }

  // ---- small helpers

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("config")) && Files.isDirectory(dir.resolve("docker"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new AssertionError(
        "no directory with config/ and docker/ above " + Path.of("").toAbsolutePath());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<JsonNode> list(JsonNode node) {
    List<JsonNode> items = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(items::add);
    } else if (node.isTextual()) {
      items.add(node);
    }
    return items;
  }

  private static List<String> split(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
