package dev.tskafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteClient;

/** The packaged jar as users start it: {@code java -jar timestream-local.jar --port 0}. */
class RunnableJarIT {
  private static final Pattern READY = Pattern.compile("timestream-local ready endpoint=(\\S+)");

  @Test
  void shouldPrintReadyLineServeTheSdkAndStopOnSigterm() throws Exception {
    Path jar = Path.of("target", "timestream-local.jar");
    assertThat(jar).exists();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--port", "0")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line).isNotNull();
      Matcher ready = READY.matcher(line);
      assertThat(ready.find()).as("ready line: %s", line).isTrue();
      URI endpoint = URI.create(ready.group(1));
      assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");

      try (TimestreamWriteClient client = LocalEndpoint.client(endpoint)) {
        client.createDatabase(b -> b.databaseName("fromjar"));
        assertThat(client.listDatabases(b -> {}).databases()).hasSize(1);
      }
    } finally {
      process.destroy();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Files.size(jar)).isPositive();
  }
}
