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
import software.amazon.awssdk.services.timestreamquery.TimestreamQueryClient;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteClient;

/**
 * The packaged jar as users start it: {@code java -jar timestream-local.jar --port 0}; writes and
 * queries.
 */
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
      // The SQL engine works from the shaded jar (its JDBC driver and generated code included).
      try (TimestreamQueryClient queries = LocalEndpoint.queryClient(endpoint)) {
        assertThat(
                queries
                    .query(b -> b.queryString("SELECT bin(TIMESTAMP '2026-12-03 10:17:00', 15m)"))
                    .rows()
                    .get(0)
                    .data()
                    .get(0)
                    .scalarValue())
            .isEqualTo("2026-12-03 10:15:00.000000000");
      }
    } finally {
      process.destroy();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Files.size(jar)).isPositive();
  }
}
