package dev.tskafka.streams.topology;

import com.fasterxml.jackson.databind.JsonNode;

/** {@link FieldSource} over a JSON object. */
record JsonFields(JsonNode root) implements FieldSource {

  @Override
  public Value get(String name) {
    JsonNode v = root.get(name);
    return v == null || v.isNull() ? null : new JsonValue(v);
  }

  private record JsonValue(JsonNode node) implements Value {
    @Override
    public String text() {
      return node.isContainerNode() ? null : node.asText();
    }

    @Override
    public Double number() {
      return node.isNumber() ? node.asDouble() : null;
    }

    @Override
    public Long epochMillis() {
      return node.isIntegralNumber() ? node.asLong() : null;
    }

    @Override
    public String toString() {
      return node.toString();
    }
  }
}
