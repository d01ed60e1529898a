package dev.tskafka.local.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reading request members as the awsJson protocol types them. A member of the wrong JSON type is a
 * SerializationException, as the service's deserializer reports it.
 */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** A string member, or null when absent or JSON null. */
  public static String string(JsonNode parent, String member) {
    JsonNode node = parent.get(member);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw wrongType(member, "a string");
    }
    return node.textValue();
  }

  /** An integer member, or null when absent. */
  public static Long integer(JsonNode parent, String member) {
    JsonNode node = parent.get(member);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw wrongType(member, "an integer");
    }
    return node.longValue();
  }

  /** A boolean member, or empty when absent. */
  public static Optional<Boolean> bool(JsonNode parent, String member) {
    JsonNode node = parent.get(member);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isBoolean()) {
      throw wrongType(member, "a boolean");
    }
    return Optional.of(node.booleanValue());
  }

  /** A structure member, or null when absent. */
  public static JsonNode object(JsonNode parent, String member) {
    JsonNode node = parent.get(member);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw wrongType(member, "a structure");
    }
    return node;
  }

  /** A list member, or null when absent. */
  public static JsonNode array(JsonNode parent, String member) {
    JsonNode node = parent.get(member);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      throw wrongType(member, "a list");
    }
    return node;
  }

  /** Tags as a map, each a structure with Key and Value. */
  public static Map<String, String> tags(JsonNode tags) {
    Map<String, String> map = new LinkedHashMap<>();
    if (tags != null) {
      for (JsonNode tag : tags) {
        map.put(string(tag, "Key"), string(tag, "Value"));
      }
    }
    return map;
  }

  /** Epoch seconds with a fraction, the awsJson timestamp format. */
  public static double epochSeconds(Instant instant) {
    return instant.getEpochSecond() + instant.getNano() / 1e9;
  }

  /** The SerializationException for a member of the wrong JSON type. */
  public static ServiceException wrongType(String member, String expected) {
    return ServiceException.serialization(
        "Cannot deserialize member '" + member + "': expected " + expected + ".");
  }
}
