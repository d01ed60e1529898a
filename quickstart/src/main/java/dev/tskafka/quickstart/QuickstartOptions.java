package dev.tskafka.quickstart;

import dev.tskafka.quickstart.scenario.ApiMetrics;
import dev.tskafka.quickstart.scenario.HostMetrics;
import dev.tskafka.quickstart.scenario.IotSensors;
import dev.tskafka.quickstart.scenario.Scenario;
import dev.tskafka.quickstart.scenario.StockPrices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** The command line of the quickstart. */
record QuickstartOptions(
    Duration duration,
    int rate,
    int speed,
    boolean burst,
    List<String> scenarios,
    boolean keepRunning,
    int timestreamPort,
    long seed,
    Path home,
    Path workDir,
    Path summaryJson,
    String format) {

  static final String USAGE =
      """
      Usage: quickstart.sh [options]   (or: java -jar quickstart/target/tskafka-quickstart.jar)

      Starts on 127.0.0.1 a Kafka broker, a Kafka Connect worker, timestream-local and the streams
      app; deploys the connector from its plugin zip with the JSON files in config/; produces the
      seed document's scenarios; prints live progress, then a report from what landed in Timestream.

        --duration SECONDS      how long the generators produce (default 60)
        --rate N                records per second, all scenarios together (default 400)
        --speed N               simulated seconds per second: 60 replays an hour in a minute (default 60)
        --burst                 produce the same records as fast as possible (load test)
        --scenarios A,B         some of: iot-sensors, api-metrics, stock-prices, host-metrics (default all)
        --keep-running          leave everything up after the report, until Ctrl-C
        --timestream-port N     timestream-local's port (default 8000, as in config/; 0 = any free port)
        --seed N                random seed of the generators (default 1)
        --home DIR              the project directory (default: found from the jar's location)
        --work-dir DIR          logs, streams state, unpacked plugin (default quickstart/target/quickstart-run)
        --summary-json FILE     also write the report's figures as JSON
        --format json|avro      how samples are written (default json); avro starts a schema
                                registry (Apicurio), registers the scenarios' schemas, and runs
                                the connectors under its AvroConverter and the streams app with its serde
        --help
      """;

  /** Every scenario, in report order. */
  static List<Supplier<Scenario>> allScenarios() {
    return List.of(IotSensors::new, ApiMetrics::new, StockPrices::new, HostMetrics::new);
  }

  static QuickstartOptions parse(String[] args, Path defaultHome) {
    Duration duration = Duration.ofSeconds(60);
    int rate = 400;
    int speed = 60;
    boolean burst = false;
    List<String> scenarios = allScenarios().stream().map(s -> s.get().name()).toList();
    boolean keepRunning = false;
    int timestreamPort = 8000;
    long seed = 1;
    Path home = defaultHome;
    Path workDir = null;
    Path summary = null;
    String format = "json";
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--duration" -> duration = Duration.ofSeconds(positive(arg, value(args, ++i)));
        case "--rate" -> rate = (int) positive(arg, value(args, ++i));
        case "--speed" -> speed = (int) positive(arg, value(args, ++i));
        case "--burst" -> burst = true;
        case "--scenarios" -> scenarios = scenarios(value(args, ++i));
        case "--keep-running" -> keepRunning = true;
        case "--timestream-port" -> timestreamPort = port(value(args, ++i));
        case "--seed" -> seed = number(arg, value(args, ++i));
        case "--home" -> home = Path.of(value(args, ++i));
        case "--work-dir" -> workDir = Path.of(value(args, ++i));
        case "--summary-json" -> summary = Path.of(value(args, ++i));
        case "--format" -> format = format(value(args, ++i));
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (home == null) {
      throw new IllegalArgumentException(
          "cannot find the project directory (with config/ and connector/): pass --home DIR");
    }
    if (workDir == null) {
      workDir = home.resolve("quickstart/target/quickstart-run");
    }
    long span = duration.toSeconds() * speed;
    if (span > Duration.ofHours(23).toSeconds()) {
      throw new IllegalArgumentException(
          "--duration x --speed simulates "
              + span / 3600
              + " h, more than the 23 h the tables keep in their memory store: lower one of them");
    }
    return new QuickstartOptions(
        duration,
        rate,
        speed,
        burst,
        scenarios,
        keepRunning,
        timestreamPort,
        seed,
        home.toAbsolutePath().normalize(),
        workDir.toAbsolutePath().normalize(),
        summary,
        format);
  }

  /** The records the generators produce: rate x duration. */
  long records() {
    return (long) rate * duration.toSeconds();
  }

  /** The simulated time the run covers. */
  Duration simulatedSpan() {
    return duration.multipliedBy(speed);
  }

  /** A new generator of the scenario named {@code name}. */
  Scenario newScenario(String name) {
    return allScenarios().stream()
        .map(Supplier::get)
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  List<Scenario> newScenarios() {
    List<Scenario> chosen = new ArrayList<>();
    for (Supplier<Scenario> s : allScenarios()) {
      Scenario scenario = s.get();
      if (scenarios.contains(scenario.name())) {
        chosen.add(scenario);
      }
    }
    return chosen;
  }

  boolean avro() {
    return format.equals("avro");
  }

  private static String format(String value) {
    String f = value.strip().toLowerCase(Locale.ROOT);
    if (!f.equals("json") && !f.equals("avro")) {
      throw new IllegalArgumentException("--format is json or avro, not " + value);
    }
    return f;
  }

  private static List<String> scenarios(String list) {
    List<String> known = allScenarios().stream().map(s -> s.get().name()).toList();
    List<String> chosen = new ArrayList<>();
    for (String name : list.split(",")) {
      String n = name.strip().toLowerCase(Locale.ROOT);
      if (!known.contains(n)) {
        throw new IllegalArgumentException(
            "unknown scenario '" + name + "': choose from " + String.join(", ", known));
      }
      chosen.add(n);
    }
    return chosen;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static long number(String option, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a whole number, not '" + value + "'");
    }
  }

  private static long positive(String option, String value) {
    long n = number(option, value);
    if (n <= 0 || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(option + " must be a positive number, not " + value);
    }
    return n;
  }

  private static int port(String value) {
    long n = number("--timestream-port", value);
    if (n < 0 || n > 65535) {
      throw new IllegalArgumentException("--timestream-port must be 0-65535, not " + value);
    }
    return (int) n;
  }
}
