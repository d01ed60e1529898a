package dev.tskafka.connector;

import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The oldest Connect worker the plugin runs on: Kafka 4.1, whose plugin metrics (KIP-877) carry the
 * task's metrics. An older worker is refused at start with a message that says so, rather than with
 * a {@code NoClassDefFoundError} from deep inside the task.
 */
public final class WorkerRequirements {
  public static final String MINIMUM_WORKER = "4.1";
  static final String PLUGIN_METRICS = "org.apache.kafka.common.metrics.PluginMetrics";

  private WorkerRequirements() {}

  /** Throws a ConnectException naming the worker's version when it is older than 4.1. */
  public static void check() {
    String problem = problem(WorkerRequirements.class.getClassLoader());
    if (problem != null) {
      throw new ConnectException(problem);
    }
  }

  /** Why the classes this loader sees are too old for the plugin, or null when they are not. */
  static String problem(ClassLoader loader) {
    try {
      Class.forName(PLUGIN_METRICS, false, loader);
      return null;
    } catch (ClassNotFoundException | LinkageError e) {
      return "The Timestream sink connector needs a Kafka Connect worker "
          + MINIMUM_WORKER
          + " or newer (it reports its metrics through the worker's plugin metrics, KIP-877);"
          + " this worker runs Kafka "
          + workerVersion(loader)
          + ". Upgrade the worker, or use an older release of this connector.";
    }
  }

  private static String workerVersion(ClassLoader loader) {
    try {
      Class<?> info = Class.forName(AppInfoParser.class.getName(), true, loader);
      return String.valueOf(info.getMethod("getVersion").invoke(null));
    } catch (ReflectiveOperationException | LinkageError e) {
      return "unknown";
    }
  }
}
