package dev.tskafka.streams.topology;

import dev.tskafka.streams.config.PipelineConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Creates a pipeline's registry serdes by class name (Apicurio's by default; Confluent's, or any
 * other, when its jar is on the classpath), configured as value serdes with the pipeline's serde
 * properties.
 */
final class RegistrySerdes {
  private RegistrySerdes() {}

  @SuppressWarnings("unchecked")
  static Deserializer<Object> deserializer(PipelineConfig pipeline) {
    Deserializer<Object> d =
        newInstance(pipeline.formats().deserializer(), Deserializer.class, pipeline);
    d.configure(config(pipeline), false);
    return d;
  }

  @SuppressWarnings("unchecked")
  static Serializer<Object> serializer(PipelineConfig pipeline) {
    Serializer<Object> s = newInstance(pipeline.formats().serializer(), Serializer.class, pipeline);
    s.configure(config(pipeline), false);
    return s;
  }

  private static Map<String, Object> config(PipelineConfig pipeline) {
    return new HashMap<>(pipeline.formats().serdeConfig());
  }

  private static <T> T newInstance(String className, Class<T> base, PipelineConfig pipeline) {
    try {
      return Utils.newInstance(className, base);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          pipeline.name() + ": class " + className + " is not on the classpath", e);
    }
  }
}
