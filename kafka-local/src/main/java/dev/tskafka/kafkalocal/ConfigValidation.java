package dev.tskafka.kafkalocal;

import java.util.List;
import java.util.Map;

/**
 * The outcome of {@code PUT /connector-plugins/{class}/config/validate}.
 *
 * @param errorCount the number of errors the worker counted
 * @param errors the error messages by config name, for the configs that have any
 */
public record ConfigValidation(int errorCount, Map<String, List<String>> errors) {
  public ConfigValidation {
    errors = Map.copyOf(errors);
  }
}
