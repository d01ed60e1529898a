package dev.tskafka.streams;

import dev.tskafka.streams.config.AppConfig;
import dev.tskafka.streams.http.QueryServer;
import dev.tskafka.streams.topology.TopologyFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires only: configuration, the topology, a shutdown hook and the uncaught-exception handler. */
public final class StreamsApp {
  private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

  private StreamsApp() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: java -jar timestream-streams-app.jar APP.properties");
      System.exit(2);
    }
    AppConfig config = AppConfig.load(Path.of(args[0]));
    KafkaStreams streams = new KafkaStreams(TopologyFactory.build(config), config.streams());
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("Stream thread failed; replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    QueryServer http =
        config.httpPort() >= 0 ? new QueryServer(config, streams, config.httpPort()) : null;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (http != null) {
                    http.close();
                  }
                  streams.close(Duration.ofSeconds(30));
                  stopped.countDown();
                },
                "streams-app-shutdown"));
    streams.start();
    log.info(
        "Streams app started with {} pipeline(s){}",
        config.pipelines().size(),
        http == null ? "" : ", HTTP on http://127.0.0.1:" + http.port());
    stopped.await();
  }
}
