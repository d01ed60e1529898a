package dev.tskafka.streams;

import dev.tskafka.streams.config.AppConfig;
import dev.tskafka.streams.http.QueryServer;
import dev.tskafka.streams.topology.TopologyFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires only: configuration, the topology, the uncaught-exception handler and the HTTP server;
 * {@code main} adds a shutdown hook. The quickstart starts it in-process through {@link #start}.
 */
public final class StreamsApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

  private final KafkaStreams streams;
  private final QueryServer http;

  private StreamsApp(KafkaStreams streams, QueryServer http) {
    this.streams = streams;
    this.http = http;
  }

  /** Builds the topology of {@code config}, starts it, and its HTTP server when configured. */
  public static StreamsApp start(AppConfig config) {
    KafkaStreams streams = new KafkaStreams(TopologyFactory.build(config), config.streams());
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("Stream thread failed; replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    QueryServer http = null;
    if (config.httpPort() >= 0) {
      try {
        http = new QueryServer(config, streams, config.httpPort());
      } catch (IOException e) {
        streams.close();
        throw new UncheckedIOException("cannot serve HTTP on port " + config.httpPort(), e);
      }
    }
    streams.start();
    log.info(
        "Streams app started with {} pipeline(s){}",
        config.pipelines().size(),
        http == null ? "" : ", HTTP on http://127.0.0.1:" + http.port());
    return new StreamsApp(streams, http);
  }

  public KafkaStreams streams() {
    return streams;
  }

  /** The HTTP port, or -1 when the app serves no HTTP. */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  @Override
  public void close() {
    if (http != null) {
      http.close();
    }
    streams.close(Duration.ofSeconds(30));
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: java -jar timestream-streams-app.jar APP.properties");
      System.exit(2);
    }
    StreamsApp app = start(AppConfig.load(Path.of(args[0])));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  stopped.countDown();
                },
                "streams-app-shutdown"));
    stopped.await();
  }
}
