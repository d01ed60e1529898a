package dev.tskafka.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class WorkerRequirementsTest {

  @Test
  void shouldAcceptAWorkerWithPluginMetrics() {
    assertThatCode(WorkerRequirements::check).doesNotThrowAnyException();
  }

  @Test
  void shouldRefuseAWorkerOlderThan41WithAMessageNamingTheMinimumVersion() {
    // A loader that sees no Kafka classes at all stands for a worker without PluginMetrics.
    try (URLClassLoader withoutKafka = new URLClassLoader(new URL[0], null)) {
      assertThat(WorkerRequirements.problem(withoutKafka))
          .contains("Kafka Connect worker 4.1 or newer")
          .contains("this worker runs Kafka unknown");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
