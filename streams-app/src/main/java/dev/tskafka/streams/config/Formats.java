package dev.tskafka.streams.config;

import java.util.Locale;
import java.util.Map;

/**
 * How a pipeline reads its input and writes its outputs.
 *
 * @param input JSON, or Avro through {@code deserializer}
 * @param deserializer the class name of a Kafka {@code Deserializer} that returns an Avro {@code
 *     GenericRecord}; used when {@code input} is AVRO
 * @param output JSON, or Avro records through {@code serializer}
 * @param serializer the class name of a Kafka {@code Serializer} that takes an Avro {@code
 *     GenericRecord}; used when {@code output} is AVRO
 * @param serdeConfig what the deserializer and serializer are configured with (registry URL,
 *     framing, auto-register)
 */
public record Formats(
    Format input,
    String deserializer,
    Format output,
    String serializer,
    Map<String, String> serdeConfig) {

  public static final String DEFAULT_DESERIALIZER =
      "io.apicurio.registry.serde.avro.AvroKafkaDeserializer";
  public static final String DEFAULT_SERIALIZER =
      "io.apicurio.registry.serde.avro.AvroKafkaSerializer";

  /** JSON in and out, the default. */
  public static final Formats JSON =
      new Formats(Format.JSON, DEFAULT_DESERIALIZER, Format.JSON, DEFAULT_SERIALIZER, Map.of());

  public Formats {
    serdeConfig = Map.copyOf(serdeConfig);
  }

  public boolean avroInput() {
    return input == Format.AVRO;
  }

  public boolean avroOutput() {
    return output == Format.AVRO;
  }

  /** A record format. */
  public enum Format {
    JSON,
    AVRO;

    static Format parse(String key, String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(key + " must be json or avro, was " + text.trim());
      }
    }
  }
}
