package dev.tskafka.kafkalocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real broker and Connect worker, with the file connector loaded from {@code plugin.path} only:
 * the build copies connect-file into the plugin directory and keeps it off this test's classpath.
 */
class LocalKafkaStackIT {

  private static final String FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";
  private static final String STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static LocalKafkaStack stack;

  @BeforeAll
  static void startStack() {
    Path pluginDir = Path.of(System.getProperty("kafka-local.test-plugin-dir"));
    stack = LocalKafkaStack.builder().withConnect(true).pluginPath(List.of(pluginDir)).start();
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @Test
  void shouldListFileSinkConnectorLoadedFromPluginPath() {
    assertThatThrownBy(() -> Class.forName(FILE_SINK)).isInstanceOf(ClassNotFoundException.class);

    assertThat(stack.connect().rest().connectorPlugins()).contains(FILE_SINK);
  }

  @Test
  void shouldDeliverProducedRecordsThroughRestRegisteredConnector(@TempDir Path dir)
      throws IOException {
    String topic = "file-sink-input";
    Path file = Files.createFile(dir.resolve("sink.txt"));
    List<String> lines = IntStream.rangeClosed(1, 20).mapToObj(i -> "line-" + i).toList();
    stack.broker().createTopic(topic, 1);
    ConnectRestClient rest = stack.connect().rest();

    rest.createOrUpdateConnector(
        "file-sink",
        Map.of(
            "connector.class", FILE_SINK,
            "tasks.max", "1",
            "topics", topic,
            "file", file.toString(),
            "key.converter", STRING_CONVERTER,
            "value.converter", STRING_CONVERTER));
    rest.awaitRunning("file-sink", TIMEOUT);
    stack.broker().produce(topic, lines);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(Files.readAllLines(file)).isEqualTo(lines));
    rest.deleteConnector("file-sink");
  }

  @Test
  void shouldReportErrorWhenValidatingConfigWithoutTopics() {
    ConfigValidation validation =
        stack.connect().rest().validate(FILE_SINK, Map.of("tasks.max", "1"));

    assertThat(validation.errorCount()).isPositive();
    assertThat(validation.errors()).containsKey("topics");
  }

  @Test
  void shouldConsumeProducedRecordsInOrder() {
    String topic = "keyed-records";
    stack.broker().createTopic(topic, 1);

    stack
        .broker()
        .produce(
            List.of(
                new ProducerRecord<>(topic, "a", "1"),
                new ProducerRecord<>(topic, "b", "2"),
                new ProducerRecord<>(topic, "a", "3")));

    assertThat(stack.broker().consume(topic, 3, TIMEOUT))
        .extracting(ConsumerRecord::key, ConsumerRecord::value)
        .containsExactly(tuple("a", "1"), tuple("b", "2"), tuple("a", "3"));
  }
}
