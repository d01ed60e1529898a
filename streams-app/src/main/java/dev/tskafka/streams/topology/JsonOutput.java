package dev.tskafka.streams.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tskafka.streams.anomaly.Verdict;
import dev.tskafka.streams.config.PipelineConfig;
import dev.tskafka.streams.config.Statistic;
import dev.tskafka.streams.model.MeasureWindow;
import dev.tskafka.streams.model.Reading;
import dev.tskafka.streams.model.WindowAggregate;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The JSON the app writes: flat objects whose dimensions and scalar fields the connector maps
 * directly (config/connector-*-aggregates.json): time = window_start, version = version.
 */
final class JsonOutput implements Output {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String pipeline;
  private final boolean binaryInput;

  JsonOutput(PipelineConfig pipeline) {
    this.pipeline = pipeline.name();
    this.binaryInput = pipeline.formats().avroInput();
  }

  @Override
  public byte[] aggregate(
      String topic,
      WindowAggregate agg,
      long version,
      boolean isFinal,
      Map<String, Double> derived,
      List<Verdict> anomalies) {
    ObjectNode o = JSON.createObjectNode();
    o.put("pipeline", pipeline);
    agg.dimensions().forEach(o::put);
    o.put("window_start", agg.start());
    o.put("window_end", agg.end());
    o.put("version", version);
    o.put("final", isFinal);
    for (Map.Entry<String, MeasureWindow> m : agg.measures().entrySet()) {
      for (Statistic s : Statistic.values()) {
        putFinite(o, m.getKey() + "_" + s.label(), s.of(m.getValue()));
      }
    }
    derived.forEach((name, value) -> putFinite(o, name, value));
    o.put("anomaly", !anomalies.isEmpty());
    if (!anomalies.isEmpty()) {
      o.put("anomalies", Output.reasons(anomalies));
    }
    return bytes(o);
  }

  @Override
  public byte[] anomaly(String topic, WindowAggregate agg, Verdict v) {
    ObjectNode o = JSON.createObjectNode();
    o.put("pipeline", pipeline);
    agg.dimensions().forEach(o::put);
    o.put("window_start", agg.start());
    o.put("window_end", agg.end());
    o.put("rule", v.rule());
    o.put("measure", v.measure());
    o.put("value", v.value());
    putFinite(o, "baseline", v.baseline());
    putFinite(o, "threshold", v.threshold());
    return bytes(o);
  }

  @Override
  public byte[] late(String topic, Reading r, long streamTime, String reason) {
    ObjectNode o = JSON.createObjectNode();
    o.put("pipeline", pipeline);
    r.dimensions().forEach(o::put);
    r.measures().forEach(o::put);
    o.put("event_time", r.eventTime());
    o.put("stream_time", streamTime);
    o.put("reason", reason);
    return bytes(o);
  }

  /**
   * A dead letter. The input's value is kept as text ({@code value}) for JSON input, and as base64
   * ({@code value_base64}) for binary (Avro) input.
   */
  @Override
  public byte[] deadLetter(
      String topic, String source, int partition, long offset, byte[] value, String reason) {
    ObjectNode o = JSON.createObjectNode();
    o.put("pipeline", pipeline);
    o.put("reason", reason);
    o.put("topic", source);
    o.put("partition", partition);
    o.put("offset", offset);
    if (binaryInput) {
      o.put("value_base64", value == null ? null : Base64.getEncoder().encodeToString(value));
    } else {
      o.put("value", value == null ? null : new String(value, StandardCharsets.UTF_8));
    }
    return bytes(o);
  }

  private static void putFinite(ObjectNode o, String name, double value) {
    if (Double.isFinite(value)) {
      o.put(name, value);
    }
  }

  private static byte[] bytes(ObjectNode o) {
    try {
      return JSON.writeValueAsBytes(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
