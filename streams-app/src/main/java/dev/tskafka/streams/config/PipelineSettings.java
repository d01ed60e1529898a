package dev.tskafka.streams.config;

import dev.tskafka.streams.anomaly.AnomalyRule;
import dev.tskafka.streams.anomaly.ConfirmedRule;
import dev.tskafka.streams.anomaly.EwmaRule;
import dev.tskafka.streams.anomaly.MadRule;
import dev.tskafka.streams.anomaly.RatioRule;
import dev.tskafka.streams.anomaly.ZScoreRule;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The settings of one pipeline, {@code pipeline.NAME.*} with the prefix stripped, as a {@link
 * ConfigDef}: types, defaults, ranges and docs (docs/streams-app-config.rst is generated from it),
 * checked at start with a message that names the setting. Combinations a ConfigDef cannot express
 * (a z-score rule that needs more history than is kept) are checked in {@link #parse}.
 */
public final class PipelineSettings {
  public static final String INPUT_TOPICS = "input.topics";
  public static final String PARTITIONED_BY_SERIES = "input.partitioned.by.series";
  public static final String INPUT_FORMAT = "input.format";
  public static final String INPUT_DESERIALIZER = "input.deserializer";
  public static final String DIMENSIONS = "dimensions";
  public static final String MEASURES = "measures";
  public static final String TIME_FIELD = "time.field";
  public static final String TIME_MAX_FUTURE = "time.max.future";
  public static final String WINDOW_SIZE = "window.size";
  public static final String WINDOW_ADVANCE = "window.advance";
  public static final String WINDOW_GRACE = "window.grace";
  public static final String EMIT = "emit";
  public static final String QUIET_AFTER = "quiet.after";
  public static final String HISTORY_WINDOWS = "history.windows";
  public static final String LIVE_WINDOWS = "state.live.windows";
  public static final String MOVING_AVERAGE_WINDOWS = "moving.average.windows";
  public static final String RULES = "rules";
  public static final String OUTPUT_FORMAT = "output.format";
  public static final String OUTPUT_SERIALIZER = "output.serializer";
  public static final String OUTPUT_TOPIC = "output.topic";
  public static final String ANOMALIES_TOPIC = "anomalies.topic";
  public static final String DEAD_LETTER_TOPIC = "dead.letter.topic";
  public static final String LATE_TOPIC = "late.topic";

  /** Settings under {@code pipeline.NAME.} that this definition leaves to the serdes. */
  static final String SERDE_PREFIX = "serde.";

  private static final String INPUT = "Input";
  private static final String WINDOWS = "Windows";
  private static final String ANALYTICS = "Analytics";
  private static final String OUTPUT = "Output";

  public static final ConfigDef CONFIG_DEF = definition();

  private PipelineSettings() {}

  private static ConfigDef definition() {
    ConfigDef.Validator nonEmpty = new ConfigDef.NonEmptyString();
    ConfigDef.Validator duration = durationAtLeast(Duration.ZERO);
    ConfigDef.Validator format = ConfigDef.CaseInsensitiveValidString.in("json", "avro");
    int i = 0;
    ConfigDef def = new ConfigDef();
    def.define(
        INPUT_TOPICS,
        Type.LIST,
        ConfigDef.NO_DEFAULT_VALUE,
        nonEmptyList(),
        Importance.HIGH,
        "Topics to read readings from (JSON, plain or in Connect's schema envelope, or Avro).",
        INPUT,
        ++i,
        Width.LONG,
        "Input topics");
    def.define(
        PARTITIONED_BY_SERIES,
        Type.BOOLEAN,
        false,
        Importance.MEDIUM,
        "true when producers key records by series (device, host), so that each series lives in"
            + " one partition: no repartition topic, and stream time is not skewed by other"
            + " partitions read at a different pace.",
        INPUT,
        ++i,
        Width.SHORT,
        "Partitioned by series");
    def.define(
        INPUT_FORMAT,
        Type.STRING,
        "json",
        format,
        Importance.MEDIUM,
        "json, or avro read through a registry deserializer.",
        INPUT,
        ++i,
        Width.SHORT,
        "Input format");
    def.define(
        INPUT_DESERIALIZER,
        Type.STRING,
        Formats.DEFAULT_DESERIALIZER,
        nonEmpty,
        Importance.LOW,
        "For avro input: a Kafka Deserializer class that returns Avro GenericRecords, configured"
            + " with the serde.* settings.",
        INPUT,
        ++i,
        Width.LONG,
        "Deserializer");
    def.define(
        DIMENSIONS,
        Type.LIST,
        ConfigDef.NO_DEFAULT_VALUE,
        nonEmptyList(),
        Importance.HIGH,
        "The fields that identify a series; a reading without one of them is a dead letter.",
        INPUT,
        ++i,
        Width.LONG,
        "Dimensions");
    def.define(
        MEASURES,
        Type.LIST,
        ConfigDef.NO_DEFAULT_VALUE,
        nonEmptyList(),
        Importance.HIGH,
        "The numeric fields to aggregate; a reading needs at least one of them.",
        INPUT,
        ++i,
        Width.LONG,
        "Measures");
    def.define(
        TIME_FIELD,
        Type.STRING,
        "",
        Importance.HIGH,
        "The event-time field (epoch ms, ISO-8601 text, or an Avro timestamp). Blank: the Kafka"
            + " record timestamp.",
        INPUT,
        ++i,
        Width.MEDIUM,
        "Time field");
    def.define(
        TIME_MAX_FUTURE,
        Type.STRING,
        "15m",
        duration,
        Importance.MEDIUM,
        "How far ahead of this machine's clock an event time may be (Timestream's own limit is 15"
            + " minutes). A later reading is a dead letter: it would move stream time and give"
            + " outputs a timestamp the broker refuses.",
        INPUT,
        ++i,
        Width.SHORT,
        "Max future skew");
    i = 0;
    def.define(
        WINDOW_SIZE,
        Type.STRING,
        ConfigDef.NO_DEFAULT_VALUE,
        durationAtLeast(Duration.ofMillis(1)),
        Importance.HIGH,
        "Window length: 500ms, 30s, 1m, 1h, 1d or ISO-8601 (PT1M).",
        WINDOWS,
        ++i,
        Width.SHORT,
        "Window size");
    def.define(
        WINDOW_ADVANCE,
        Type.STRING,
        "",
        blankOr(durationAtLeast(Duration.ofMillis(1))),
        Importance.MEDIUM,
        "The hop of hopping windows, at most the size. Blank: tumbling windows.",
        WINDOWS,
        ++i,
        Width.SHORT,
        "Window advance");
    def.define(
        WINDOW_GRACE,
        Type.STRING,
        "0s",
        duration,
        Importance.MEDIUM,
        "How late a reading may be and still count: a window closes when stream time passes its"
            + " end plus this. Later readings go to the late topic.",
        WINDOWS,
        ++i,
        Width.SHORT,
        "Grace");
    def.define(
        EMIT,
        Type.STRING,
        "final",
        ConfigDef.CaseInsensitiveValidString.in("final", "updates"),
        Importance.MEDIUM,
        "final: one result per window when it closes. updates: also one per reading, each with a"
            + " higher version, the final one outranking them all.",
        WINDOWS,
        ++i,
        Width.SHORT,
        "Emit");
    def.define(
        QUIET_AFTER,
        Type.STRING,
        "30s",
        durationAtLeast(Duration.ofMillis(1)),
        Importance.MEDIUM,
        "How long a task may see no input before its open windows close on wall-clock time.",
        WINDOWS,
        ++i,
        Width.SHORT,
        "Quiet after");
    def.define(
        LIVE_WINDOWS,
        Type.INT,
        20_000,
        ConfigDef.Range.atLeast(1),
        Importance.LOW,
        "Open series-windows kept as objects on the heap per stream task (one per series and"
            + " open window). Beyond it the least recently updated are written to the task's"
            + " persistent store and read back when their next record comes: the heap stays"
            + " bounded whatever the number of series, at the cost of (de)serializing the windows"
            + " of series that do not fit.",
        WINDOWS,
        ++i,
        Width.SHORT,
        "Live windows");
    i = 0;
    def.define(
        HISTORY_WINDOWS,
        Type.INT,
        20,
        ConfigDef.Range.between(1, 10_000),
        Importance.MEDIUM,
        "Past windows kept per series, for z-score rules and the moving average.",
        ANALYTICS,
        ++i,
        Width.SHORT,
        "History windows");
    def.define(
        MOVING_AVERAGE_WINDOWS,
        Type.INT,
        5,
        ConfigDef.Range.between(1, 10_001),
        Importance.MEDIUM,
        "Windows in the moving average, the current one included: at most history.windows + 1.",
        ANALYTICS,
        ++i,
        Width.SHORT,
        "Moving average windows");
    def.define(
        RULES,
        Type.LIST,
        "",
        Importance.MEDIUM,
        "Anomaly rules, measure.statistic:rule:args: cpu_percent.max:above:90,"
            + " free_mb.min:below:512, latency_ms.p99:zscore:3[:MIN_HISTORY[:MIN_DEVIATION]],"
            + " humidity.mean:mad:3.5[:MIN_HISTORY[:MIN_DEVIATION]] (median and median absolute"
            + " deviation: robust to outliers in the baseline),"
            + " cpu_percent.mean:ewma:4[:WEIGHT[:MIN_HISTORY[:MIN_DEVIATION]]] (the same against"
            + " the exponentially weighted mean and variance, WEIGHT on the newest window, default"
            + " 0.3: follows a trend),"
            + " latency_ms.stddev:ratio:2.5[:MIN_HISTORY] (beyond 2.5 times the upper quartile of"
            + " the trailing windows, or below the lower quartile / 2.5: for spreads, a variance"
            + " burst or a stuck sensor), temperature.max:sigma24h:3[:MIN_HOURS] (the seed's"
            + " 3-sigma query: beyond 3 standard deviations of the series' raw readings over the"
            + " trailing 24 h, judged once they cover MIN_HOURS, default 1; on max and min it flags"
            + " any reading the query would list), temperature.mean:seasonal:4[:MIN_DEVIATION]"
            + " (beyond 4 standard deviations of the readings of the same hour the day before;"
            + " sigma24h and seasonal rules need tumbling windows that divide an hour;"
            + " a seasonal rule cannot be confirmed k-of-n),"
            + " price.mean:change_percent:5,"
            + " price.mean:change:2.5; any rule may end with :KofN (e.g. :2of3), flagging a window only"
            + " when the rule also flagged k-1 of the n-1 windows before it. A z-score, MAD, EWMA or ratio rule's minimum history (default 5, at"
            + " least 2) may not exceed history.windows; a z-score, MAD, EWMA or seasonal rule's minimum deviation from the baseline"
            + " (default 0) is in the measure's units, or a percentage of the baseline (50%), so"
            + " that a tiny variance cannot flag a tiny change.",
        ANALYTICS,
        ++i,
        Width.LONG,
        "Rules");
    i = 0;
    def.define(
        OUTPUT_FORMAT,
        Type.STRING,
        "json",
        format,
        Importance.MEDIUM,
        "json, or avro written through a registry serializer.",
        OUTPUT,
        ++i,
        Width.SHORT,
        "Output format");
    def.define(
        OUTPUT_SERIALIZER,
        Type.STRING,
        Formats.DEFAULT_SERIALIZER,
        nonEmpty,
        Importance.LOW,
        "For avro output: a Kafka Serializer class that takes Avro GenericRecords, configured with"
            + " the serde.* settings.",
        OUTPUT,
        ++i,
        Width.LONG,
        "Serializer");
    for (String[] topic :
        List.of(
            new String[] {OUTPUT_TOPIC, "agg", "Window aggregates"},
            new String[] {ANOMALIES_TOPIC, "anomalies", "Flagged windows, with the reason"},
            new String[] {DEAD_LETTER_TOPIC, "dlq", "Unreadable input, with the reason"},
            new String[] {LATE_TOPIC, "late", "Readings later than their window's grace"})) {
      def.define(
          topic[0],
          Type.STRING,
          "",
          Importance.MEDIUM,
          topic[2] + ". Blank: the first input topic + ." + topic[1] + ".",
          OUTPUT,
          ++i,
          Width.MEDIUM,
          topic[2]);
    }
    return def;
  }

  /**
   * The pipeline {@code name} from its settings (prefix stripped), checked: an unknown setting, a
   * value of the wrong type or out of range, or a bad combination fails with the full setting name.
   */
  static PipelineConfig parse(String name, Map<String, String> settings, Properties all) {
    String prefix = "pipeline." + name + ".";
    Set<String> unknown = new TreeSet<>();
    Map<String, String> own = new HashMap<>();
    settings.forEach(
        (key, value) -> {
          if (key.startsWith(SERDE_PREFIX)) {
            return; // the serdes' own, read by Formats
          }
          if (!CONFIG_DEF.names().contains(key)) {
            unknown.add(prefix + key);
          }
          own.put(key, value);
        });
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown setting(s) " + unknown + "; see docs/streams-app-config.rst");
    }
    Map<String, Object> v;
    try {
      v = CONFIG_DEF.parse(own);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          String.valueOf(e.getMessage())
              .replace("configuration \"", "configuration \"" + prefix)
              .replace("for configuration ", "for configuration " + prefix),
          e);
    }
    @SuppressWarnings("unchecked")
    List<String> inputs = (List<String>) v.get(INPUT_TOPICS);
    String first = inputs.get(0);
    Duration size = AppConfig.duration((String) v.get(WINDOW_SIZE));
    // ConfigDef has trimmed every string and list element.
    String advance = (String) v.get(WINDOW_ADVANCE);
    String timeField = (String) v.get(TIME_FIELD);
    int history = (Integer) v.get(HISTORY_WINDOWS);
    int movingAverage = (Integer) v.get(MOVING_AVERAGE_WINDOWS);
    if (movingAverage > history + 1) {
      throw new IllegalArgumentException(
          prefix
              + MOVING_AVERAGE_WINDOWS
              + " is "
              + movingAverage
              + ", but only "
              + prefix
              + HISTORY_WINDOWS
              + " = "
              + history
              + " past windows are kept: at most "
              + (history + 1));
    }
    List<RuleSpec> rules = parseRules(prefix, v, history);
    Duration step = advance.isEmpty() ? size : AppConfig.duration(advance);
    for (RuleSpec rule : rules) {
      if (rule.rule().hourlyBaseline() != null
          && (!step.equals(size) || Duration.ofHours(1).toMillis() % size.toMillis() != 0)) {
        throw new IllegalArgumentException(
            prefix
                + RULES
                + ": a "
                + rule.rule().name()
                + " rule ("
                + rule.measure()
                + "."
                + rule.statistic().label()
                + ") counts each reading once, in its hour: it needs tumbling windows ("
                + prefix
                + WINDOW_ADVANCE
                + " empty or equal to "
                + prefix
                + WINDOW_SIZE
                + ") that divide an hour (1h, 30m, 15m, 1m...)");
      }
    }
    @SuppressWarnings("unchecked")
    List<String> dimensions = (List<String>) v.get(DIMENSIONS);
    @SuppressWarnings("unchecked")
    List<String> measures = (List<String>) v.get(MEASURES);
    return new PipelineConfig(
        name,
        inputs,
        (Boolean) v.get(PARTITIONED_BY_SERIES),
        dimensions,
        measures,
        timeField.isEmpty() ? null : timeField,
        AppConfig.duration((String) v.get(TIME_MAX_FUTURE)),
        size,
        advance.isEmpty() ? size : AppConfig.duration(advance),
        AppConfig.duration((String) v.get(WINDOW_GRACE)),
        "updates".equalsIgnoreCase((String) v.get(EMIT)),
        AppConfig.duration((String) v.get(QUIET_AFTER)),
        history,
        movingAverage,
        (Integer) v.get(LIVE_WINDOWS),
        rules,
        topicOr(v, OUTPUT_TOPIC, first + ".agg"),
        topicOr(v, ANOMALIES_TOPIC, first + ".anomalies"),
        topicOr(v, DEAD_LETTER_TOPIC, first + ".dlq"),
        topicOr(v, LATE_TOPIC, first + ".late"),
        AppConfig.formats(prefix, v, all));
  }

  private static List<RuleSpec> parseRules(String prefix, Map<String, Object> v, int history) {
    @SuppressWarnings("unchecked")
    List<String> texts = (List<String>) v.get(RULES);
    List<RuleSpec> rules = new java.util.ArrayList<>();
    for (String text : texts) {
      RuleSpec rule;
      try {
        rule = RuleSpec.parse(text);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(prefix + RULES + ": " + e.getMessage(), e);
      }
      int needs = rule.rule().minHistory();
      AnomalyRule judged = rule.rule();
      if (judged instanceof ConfirmedRule confirmed) {
        judged = confirmed.rule();
        if (confirmed.n() - 1 > history) {
          throw new IllegalArgumentException(
              prefix
                  + RULES
                  + ": '"
                  + text
                  + "' confirms over "
                  + confirmed.n()
                  + " windows, but "
                  + prefix
                  + HISTORY_WINDOWS
                  + " keeps "
                  + history
                  + " before the current one");
        }
      }
      boolean baseline =
          judged instanceof ZScoreRule
              || judged instanceof MadRule
              || judged instanceof EwmaRule
              || judged instanceof RatioRule;
      if (baseline && needs < 2) {
        throw new IllegalArgumentException(
            prefix + RULES + ": '" + text + "' needs a minimum history of at least 2");
      }
      if (needs > history) {
        throw new IllegalArgumentException(
            prefix
                + RULES
                + ": '"
                + text
                + "' waits for "
                + needs
                + " windows of history, but "
                + prefix
                + HISTORY_WINDOWS
                + " keeps "
                + history
                + ": it would never fire");
      }
      rules.add(rule);
    }
    return rules;
  }

  private static String topicOr(Map<String, Object> v, String key, String fallback) {
    String topic = (String) v.get(key);
    return topic.isEmpty() ? fallback : topic;
  }

  private static ConfigDef.Validator nonEmptyList() {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
          throw new ConfigException(name, value, "list at least one");
        }
      }

      @Override
      public String toString() {
        return "a comma list of at least one";
      }
    };
  }

  private static ConfigDef.Validator durationAtLeast(Duration min) {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        Duration d;
        try {
          d = AppConfig.duration(String.valueOf(value));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(name, value, e.getMessage());
        }
        if (d.compareTo(min) < 0) {
          throw new ConfigException(name, value, "must be at least " + min);
        }
      }

      @Override
      public String toString() {
        return "a duration (500ms, 30s, 5m, 1h, 1d, PT5M)"
            + (min.isZero() ? "" : ", at least " + min.toMillis() + " ms");
      }
    };
  }

  private static ConfigDef.Validator blankOr(ConfigDef.Validator inner) {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value != null && !String.valueOf(value).isBlank()) {
          inner.ensureValid(name, value);
        }
      }

      @Override
      public String toString() {
        return "blank, or " + inner;
      }
    };
  }
}
