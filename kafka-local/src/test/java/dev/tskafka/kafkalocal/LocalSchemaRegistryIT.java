package dev.tskafka.kafkalocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Apicurio Registry server from the unpacked Maven artifact, in a child JVM. */
class LocalSchemaRegistryIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SENSOR_V1 =
      """
      {"type":"record","name":"Sensor","namespace":"dev.tskafka.test","fields":[
        {"name":"device","type":"string"},
        {"name":"temperature","type":"double"}]}
      """;
  private static final String SENSOR_V2 =
      """
      {"type":"record","name":"Sensor","namespace":"dev.tskafka.test","fields":[
        {"name":"device","type":"string"},
        {"name":"temperature","type":"double"},
        {"name":"humidity","type":["null","double"],"default":null}]}
      """;

  @Test
  void shouldRegisterAndReadBackSchemasThenStopTheProcess() throws Exception {
    ProcessHandle process;
    try (LocalSchemaRegistry registry = LocalSchemaRegistry.start()) {
      process = registry.process();
      assertThat(process.isAlive()).isTrue();
      assertThat(registry.confluentUrl()).isEqualTo(registry.url() + "/apis/ccompat/v7");
      assertThat(registry.apicurioUrl()).isEqualTo(registry.url() + "/apis/registry/v2");

      int v1 = registry.registerAvroSchema("sensors-value", SENSOR_V1);
      int v1Again = registry.registerAvroSchema("sensors-value", SENSOR_V1);
      int v2 = registry.registerAvroSchema("sensors-value", SENSOR_V2);

      assertThat(v1Again).isEqualTo(v1);
      assertThat(v2).isNotEqualTo(v1);
      assertThat(JSON.readTree(registry.schemaById(v1))).isEqualTo(JSON.readTree(SENSOR_V1));
      assertThat(JSON.readTree(registry.schemaById(v2))).isEqualTo(JSON.readTree(SENSOR_V2));
      assertThat(registry.subjects()).containsExactly("sensors-value");
      assertThatThrownBy(() -> registry.schemaById(9999))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("404");
      assertThat(registry.logFile()).exists();
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> !process.isAlive());
  }

  @Test
  void shouldExplainWhenHomeHasNoRunnerJar(@TempDir Path emptyHome) {
    assertThatThrownBy(() -> LocalSchemaRegistry.start(emptyHome))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No *-runner.jar in " + emptyHome);
  }

  @Test
  void shouldFailWithLogTailWhenServerExitsBeforeReady(@TempDir Path dir) throws Exception {
    Path home = Path.of(System.getProperty(LocalSchemaRegistry.HOME_PROPERTY));
    // A heap too small for Quarkus to boot: the child exits at once.
    assertThatThrownBy(
            () ->
                LocalSchemaRegistry.builder(home)
                    .maxHeap("4m")
                    .logFile(dir.resolve("registry.log"))
                    .start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited with code")
        .hasMessageContaining(dir.resolve("registry.log").toString());
    assertThat(Files.readString(dir.resolve("registry.log"))).isNotEmpty();
  }
}
