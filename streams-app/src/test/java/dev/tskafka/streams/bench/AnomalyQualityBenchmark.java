package dev.tskafka.streams.bench;

import dev.tskafka.streams.anomaly.Verdict;
import dev.tskafka.streams.config.RuleSpec;
import dev.tskafka.streams.model.MeasureWindow;
import dev.tskafka.streams.model.SeriesHistory;
import dev.tskafka.streams.topology.WindowJudge;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * How well the anomaly rules find incidents, and how often they fire on nothing: precision, recall
 * and detection delay per configuration, per rule and per incident kind, over synthetic series of
 * several shapes, each with one injected incident, over many seeds. Not a test
 * (docs/benchmarks.md).
 *
 * <p>No Kafka: each series' one-minute windows are built with the app's own {@link MeasureWindow}
 * and judged by {@link WindowJudge} against a history kept as the topology keeps it, so the figures
 * are those of the rules the app runs, without the broker's noise. A reading every 5 s, two days
 * per series (the first is the series' own warm-up and has no incident); every configuration judges
 * the same windows.
 *
 * <p>Shapes: {@code daily} (a temperature: daily cycle, Gaussian noise, 0.1 resolution), {@code
 * weekly} (a latency: daily cycle, weekday-to-weekend drop around midnight, log-normal noise),
 * {@code counts} (events per reading: Poisson with a daily cycle, integers), {@code flat} (an
 * integer setpoint that sometimes reads one step off), {@code heavy} (Student-t noise with 2
 * degrees of freedom: outliers by nature). Incidents, sized in the shape's noise: {@code spike} (+8
 * for 2 windows), {@code shift} (+3 for an hour), {@code drift} (0 to +6 over 2 h, then held 30
 * min), {@code variance} (noise ×4 for 10 windows), {@code flatline} (the reading stuck for 30
 * windows), {@code dropout} (1 reading in 12 arrives, 10 windows).
 *
 * <p>A flagged window counts as inside its incident from the incident's first window to two windows
 * after its last (the return to normal is a change the incident caused). Precision: flagged windows
 * inside / all flagged windows; recall: incidents with at least one flag inside / incidents; delay:
 * minutes from the incident's start to its first flag.
 *
 * <p>Arguments: {@code --seeds N} (default 20), {@code --history N} (30 windows, as config/ ships).
 */
public final class AnomalyQualityBenchmark {
  private static final long WINDOW_MS = 60_000;
  private static final int READINGS_PER_WINDOW = 12;
  private static final int WINDOWS = 2 * 1_440;
  private static final int AFTER = 2;

  /** A configuration: rules on measure {@code v}, with {@code {sd}} for the shape's noise scale. */
  private record Config(String name, List<String> rules) {}

  private static final List<Config> CONFIGS =
      List.of(
          new Config(
              "before issue 14: zscore 3 after 5 windows, no minimum",
              List.of("v.mean:zscore:3:5", "v.stddev:zscore:3:5", "v.count:zscore:3:5")),
          config("zscore 3 after 10, minimums", "zscore:3", ""),
          config("mad 5 after 10, minimums", "mad:5", ""),
          config("zscore 3 after 10, minimums, 2of3", "zscore:3", ":2of3"),
          config("mad 5 after 10, minimums, 2of3", "mad:5", ":2of3"),
          config("zscore 4 after 10, minimums, 2of3", "zscore:4", ":2of3"),
          config("zscore 3 after 10, minimums, 3of4", "zscore:3", ":3of4"),
          spreadByRatio("zscore 4 2of3, stddev ratio 3 2of3", "zscore:4", "3:10:2of3"),
          spreadByRatio("zscore 4 2of3, stddev ratio 2.5 3of4", "zscore:4", "2.5:10:3of4"),
          spreadByRatio("zscore 3.5 2of3, stddev ratio 2.5 3of4", "zscore:3.5", "2.5:10:3of4"),
          spreadByRatio("zscore 4 2of3, stddev ratio 2 3of4", "zscore:4", "2:10:3of4"),
          spreadByRatio(
              "ewma 4 (weight 0.3) 2of3, stddev ratio 2.5 3of4", "ewma:4:0.3", "2.5:10:3of4"),
          spreadByRatio(
              "ewma 4 (weight 0.1) 2of3, stddev ratio 2.5 3of4", "ewma:4:0.1", "2.5:10:3of4"),
          spreadByRatio(
              "ewma 5 (weight 0.3) 2of3, stddev ratio 2.5 3of4", "ewma:5:0.3", "2.5:10:3of4"),
          new Config(
              "seasonal 4 (mean against the same hour the day before), stddev ratio 2.5 3of4",
              List.of(
                  "v.mean:seasonal:4:{sd}",
                  "v.stddev:ratio:2.5:10:3of4",
                  "v.count:zscore:3:10:50%:2of3")),
          new Config(
              "zscore 4 2of3 and seasonal 6 on the mean, stddev ratio 2.5 3of4",
              List.of(
                  "v.mean:zscore:4:10:{sd}:2of3",
                  "v.mean:seasonal:6:{sd}",
                  "v.stddev:ratio:2.5:10:3of4",
                  "v.count:zscore:3:10:50%:2of3")),
          new Config(
              "seasonal 6, stddev ratio 2.5 3of4",
              List.of(
                  "v.mean:seasonal:6:{sd}",
                  "v.stddev:ratio:2.5:10:3of4",
                  "v.count:zscore:3:10:50%:2of3")),
          new Config(
              "the seed's 3-sigma query: max and min against the trailing day (sigma24h 3)",
              List.of("v.max:sigma24h:3", "v.min:sigma24h:3")),
          new Config(
              "the same, judged once the day is full (sigma24h 3, 24 hours)",
              List.of("v.max:sigma24h:3:24", "v.min:sigma24h:3:24")),
          new Config(
              "the window's mean against the trailing day (sigma24h 3, 24 hours)",
              List.of("v.mean:sigma24h:3:24")));

  /**
   * The mean, the standard deviation and the count of the readings of each window, judged by {@code
   * rule} after 10 windows, each with a minimum deviation: 1 sd of the readings for the mean, half
   * of it for the standard deviation, half the usual count for the count.
   */
  private static Config config(String name, String rule, String confirmation) {
    return new Config(
        name,
        List.of(
            "v.mean:" + rule + ":10:{sd}" + confirmation,
            "v.stddev:" + rule + ":10:{sd/2}" + confirmation,
            "v.count:" + rule + ":10:50%" + confirmation));
  }

  /**
   * As {@link #config}, confirmed 2 of 3, but the standard deviation judged by a {@code ratio} rule
   * (against the trailing quartiles, no minimum) with {@code ratio} as its arguments.
   */
  private static Config spreadByRatio(String name, String meanRule, String ratio) {
    return new Config(
        name,
        List.of(
            "v.mean:" + meanRule + ":10:{sd}:2of3",
            "v.stddev:ratio:" + ratio,
            "v.count:zscore:3:10:50%:2of3"));
  }

  enum Shape {
    DAILY(0.3),
    WEEKLY(18),
    COUNTS(2),
    FLAT(1),
    HEAVY(2);

    /** The noise scale in the measure's units: incidents and minimum deviations are sized by it. */
    final double sd;

    Shape(double sd) {
      this.sd = sd;
    }

    /** The noiseless value at time {@code t} (ms since the series' start). */
    double base(long t) {
      double cycle = Math.sin(2 * Math.PI * ((t % 86_400_000L) / 3_600_000.0 - 9) / 24);
      return switch (this) {
        case DAILY -> 22 + 4 * cycle;
        case WEEKLY -> {
          // Friday, then Saturday: traffic (and latency) fall by a third over two hours at
          // midnight.
          double hours = t / 3_600_000.0;
          double weekend = 1 / (1 + Math.exp(-(hours - 24) * 2));
          yield 120 * (1 + 0.25 * cycle) * (1 - 0.33 * weekend);
        }
        case COUNTS -> 4 + 2 * cycle;
        case FLAT -> 50;
        case HEAVY -> 100;
      };
    }

    /** One reading: the base plus {@code noiseFactor} times this shape's noise, as reported. */
    double reading(long t, double offset, double noiseFactor, SplittableRandom random) {
      double base = base(t);
      return switch (this) {
        case DAILY -> round(base + offset + noiseFactor * 0.3 * random.nextGaussian(), 10);
        case WEEKLY -> base * Math.exp(noiseFactor * 0.15 * random.nextGaussian() - 0.01) + offset;
        case COUNTS -> {
          double n = poisson(base, random);
          yield Math.max(0, Math.round(base + offset + noiseFactor * (n - base)));
        }
        case FLAT -> {
          double u = random.nextDouble();
          double step = u < 0.01 ? -1 : u > 0.99 ? 1 : 0;
          yield Math.round(base + offset + noiseFactor * step);
        }
        case HEAVY -> base + offset + noiseFactor * studentT2(random);
      };
    }

    private static double round(double v, int per) {
      return Math.round(v * per) / (double) per;
    }

    private static double poisson(double lambda, SplittableRandom random) {
      double limit = Math.exp(-lambda);
      double p = random.nextDouble();
      int k = 0;
      while (p > limit) {
        p *= random.nextDouble();
        k++;
      }
      return k;
    }

    private static double studentT2(SplittableRandom random) {
      double z = random.nextGaussian();
      double chi2 = -2 * Math.log(1 - random.nextDouble()); // chi-squared with 2 degrees of freedom
      return z / Math.sqrt(chi2 / 2);
    }
  }

  enum Incident {
    SPIKE(2),
    SHIFT(60),
    DRIFT(150),
    VARIANCE(10),
    FLATLINE(30),
    DROPOUT(10);

    final int windows;

    Incident(int windows) {
      this.windows = windows;
    }

    /** The offset added to the reading at window {@code w} of the incident, in noise units. */
    double offset(int w) {
      return switch (this) {
        case SPIKE -> 8;
        case SHIFT -> 3;
        case DRIFT -> Math.min(6, 6.0 * w / 120);
        default -> 0;
      };
    }
  }

  /** Counts for one rule, or for one configuration (any of its rules). */
  private static final class Tally {
    long inside;
    long outside;
    long incidents;
    long detected;
    final List<Integer> delays = new ArrayList<>();
    final Map<Incident, long[]> byIncident = new LinkedHashMap<>(); // {incidents, detected}

    void incident(Incident kind, int firstFlag) {
      incidents++;
      long[] k = byIncident.computeIfAbsent(kind, x -> new long[2]);
      k[0]++;
      if (firstFlag >= 0) {
        detected++;
        k[1]++;
        delays.add(firstFlag);
      }
    }

    double precision() {
      return inside + outside == 0 ? Double.NaN : inside / (double) (inside + outside);
    }

    double recall() {
      return incidents == 0 ? Double.NaN : detected / (double) incidents;
    }

    String medianDelay() {
      if (delays.isEmpty()) {
        return "—";
      }
      int[] d = delays.stream().mapToInt(Integer::intValue).sorted().toArray();
      return Integer.toString(d[d.length / 2]);
    }

    String recallByIncident() {
      return byIncident.entrySet().stream()
          .map(
              e ->
                  String.format(
                      Locale.ROOT,
                      "%s %.2f",
                      e.getKey().name().toLowerCase(Locale.ROOT),
                      e.getValue()[1] / (double) e.getValue()[0]))
          .collect(Collectors.joining(", "));
    }
  }

  public static void main(String[] args) {
    int seeds = 20;
    int history = 30;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--seeds" -> seeds = Integer.parseInt(args[i + 1]);
        case "--history" -> history = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    long started = System.nanoTime();
    Map<Config, Tally> byConfig = new LinkedHashMap<>();
    Map<Config, Map<String, Tally>> byRule = new LinkedHashMap<>();
    Map<Config, Map<Shape, Tally>> byShape = new LinkedHashMap<>();
    long windowsJudged = 0;
    for (Shape shape : Shape.values()) {
      for (Incident incident : Incident.values()) {
        for (int seed = 1; seed <= seeds; seed++) {
          windowsJudged += runSeries(shape, incident, seed, history, byConfig, byRule, byShape);
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%d shapes x %d incident kinds x %d seeds = %d series of %d one-minute windows (%d readings"
            + " each), history %d windows; %,d windows judged by %d configurations in %.1f s%n%n",
        Shape.values().length,
        Incident.values().length,
        seeds,
        Shape.values().length * Incident.values().length * seeds,
        WINDOWS,
        READINGS_PER_WINDOW,
        history,
        windowsJudged,
        CONFIGS.size(),
        seconds);
    double seriesDays =
        Shape.values().length * Incident.values().length * seeds * (WINDOWS / 1440.0);
    System.out.println(
        "| configuration | precision | recall | flagged inside | outside | false alarms per"
            + " series-day | median delay, min | recall per incident kind |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Config c : CONFIGS) {
      Tally t = byConfig.get(c);
      System.out.printf(
          Locale.ROOT,
          "| %s | %.2f | %.2f | %,d | %,d | %.2f | %s | %s |%n",
          c.name(),
          t.precision(),
          t.recall(),
          t.inside,
          t.outside,
          t.outside / seriesDays,
          t.medianDelay(),
          t.recallByIncident());
    }
    System.out.println();
    System.out.println(
        "| configuration | rule | precision | flagged inside | outside | recall per incident kind |");
    System.out.println("|---|---|---|---|---|---|");
    for (Config c : CONFIGS) {
      for (Map.Entry<String, Tally> r : byRule.get(c).entrySet()) {
        Tally t = r.getValue();
        System.out.printf(
            Locale.ROOT,
            "| %s | `%s` | %.2f | %,d | %,d | %s |%n",
            c.name(),
            r.getKey(),
            t.precision(),
            t.inside,
            t.outside,
            t.recallByIncident());
      }
    }
    System.out.println();
    System.out.println(
        "| configuration | shape | precision | recall | false alarms per series-day |");
    System.out.println("|---|---|---|---|---|");
    double perShapeDays = Incident.values().length * seeds * (WINDOWS / 1440.0);
    for (Config c : CONFIGS) {
      for (Map.Entry<Shape, Tally> s : byShape.get(c).entrySet()) {
        Tally t = s.getValue();
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %.2f | %.2f | %.2f |%n",
            c.name(),
            s.getKey().name().toLowerCase(Locale.ROOT),
            t.precision(),
            t.recall(),
            t.outside / perShapeDays);
      }
    }
  }

  /** Generates one series, judges its windows under every configuration; returns windows judged. */
  private static long runSeries(
      Shape shape,
      Incident incident,
      int seed,
      int historyWindows,
      Map<Config, Tally> byConfig,
      Map<Config, Map<String, Tally>> byRule,
      Map<Config, Map<Shape, Tally>> byShape) {
    SplittableRandom random =
        new SplittableRandom(seed * 1_000_003L + shape.ordinal() * 101L + incident.ordinal());
    int start = WINDOWS / 2 + 60 + random.nextInt(WINDOWS / 2 - 60 - 200);
    int end = start + incident.windows; // exclusive
    List<List<RuleSpec>> rules = new ArrayList<>();
    List<SeriesHistory> histories = new ArrayList<>();
    List<int[]> firstFlags = new ArrayList<>(); // per config: [config, rule...]
    for (Config c : CONFIGS) {
      List<RuleSpec> parsed = new ArrayList<>();
      for (String text : c.rules()) {
        parsed.add(
            RuleSpec.parse(
                text.replace("{sd}", Double.toString(shape.sd))
                    .replace("{sd/2}", Double.toString(shape.sd / 2))));
      }
      rules.add(parsed);
      histories.add(SeriesHistory.empty());
      int[] first = new int[parsed.size() + 1];
      Arrays.fill(first, -1);
      firstFlags.add(first);
    }
    double stuck = Double.NaN;
    for (int w = 0; w < WINDOWS; w++) {
      boolean during = w >= start && w < end;
      MeasureWindow window = MeasureWindow.empty();
      for (int r = 0; r < READINGS_PER_WINDOW; r++) {
        long t = w * WINDOW_MS + r * (WINDOW_MS / READINGS_PER_WINDOW);
        double offset = during ? incident.offset(w - start) * shape.sd : 0;
        double noise = during && incident == Incident.VARIANCE ? 4 : 1;
        double value = shape.reading(t, offset, noise, random);
        if (during && incident == Incident.FLATLINE) {
          if (Double.isNaN(stuck)) {
            stuck = value;
          }
          value = stuck;
        }
        if (during && incident == Incident.DROPOUT && r > 0) {
          continue;
        }
        window.add(value, t);
      }
      boolean inside = w >= start && w < end + AFTER;
      Map<String, MeasureWindow> measures = Map.of("v", window);
      for (int c = 0; c < CONFIGS.size(); c++) {
        Config config = CONFIGS.get(c);
        SeriesHistory past = histories.get(c);
        Map<String, Double> tracked = new HashMap<>();
        long windowStart = w * WINDOW_MS;
        List<Verdict> verdicts =
            WindowJudge.anomalies(rules.get(c), measures, windowStart, past, tracked);
        WindowJudge.remember(rules.get(c), measures, windowStart, tracked, past, historyWindows);
        if (verdicts.isEmpty()) {
          continue;
        }
        count(byConfig.computeIfAbsent(config, x -> new Tally()), inside);
        count(
            byShape
                .computeIfAbsent(config, x -> new LinkedHashMap<>())
                .computeIfAbsent(shape, x -> new Tally()),
            inside);
        int[] first = firstFlags.get(c);
        if (inside && first[0] < 0) {
          first[0] = w - start;
        }
        Map<String, Tally> perRule = byRule.computeIfAbsent(config, x -> new LinkedHashMap<>());
        List<String> texts = config.rules();
        for (int i = 0; i < texts.size(); i++) {
          RuleSpec spec = rules.get(c).get(i);
          String label = spec.measure() + "." + spec.statistic().label();
          String name = spec.rule().name();
          boolean fired =
              verdicts.stream().anyMatch(v -> v.measure().equals(label) && v.rule().equals(name));
          if (fired) {
            count(perRule.computeIfAbsent(texts.get(i), x -> new Tally()), inside);
            if (inside && first[i + 1] < 0) {
              first[i + 1] = w - start;
            }
          }
        }
      }
    }
    for (int c = 0; c < CONFIGS.size(); c++) {
      Config config = CONFIGS.get(c);
      int[] first = firstFlags.get(c);
      byConfig.computeIfAbsent(config, x -> new Tally()).incident(incident, first[0]);
      byShape
          .computeIfAbsent(config, x -> new LinkedHashMap<>())
          .computeIfAbsent(shape, x -> new Tally())
          .incident(incident, first[0]);
      Map<String, Tally> perRule = byRule.computeIfAbsent(config, x -> new LinkedHashMap<>());
      for (int i = 0; i < config.rules().size(); i++) {
        perRule
            .computeIfAbsent(config.rules().get(i), x -> new Tally())
            .incident(incident, first[i + 1]);
      }
    }
    return (long) WINDOWS * CONFIGS.size();
  }

  private static void count(Tally tally, boolean inside) {
    if (inside) {
      tally.inside++;
    } else {
      tally.outside++;
    }
  }
}
