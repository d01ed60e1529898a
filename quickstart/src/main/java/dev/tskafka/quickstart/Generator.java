package dev.tskafka.quickstart;

import dev.tskafka.quickstart.scenario.Scenario.Sample;
import dev.tskafka.quickstart.scenario.Timeline;
import dev.tskafka.streams.config.PipelineConfig;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces the scenarios' samples to their topics (JSON or Avro), interleaved, at the requested
 * rate (or as fast as possible in burst mode), along one {@link Timeline} of simulated time.
 *
 * <p>It also keeps what should land: per scenario the samples acknowledged by Kafka (each is one
 * Timestream row, as times never repeat) and the distinct series-windows of the scenario's pipeline
 * (each is one aggregate row).
 */
final class Generator implements Runnable {
  /** What one scenario has produced so far. */
  static final class Produced {
    final AtomicLong acknowledged = new AtomicLong();
    private final Set<String> windows = new HashSet<>();

    synchronized void addWindow(String key) {
      windows.add(key);
    }

    synchronized long windows() {
      return windows.size();
    }
  }

  private final List<ScenarioSetup> setups;
  private final Map<String, Produced> produced;
  private final Timeline timeline;
  private final QuickstartOptions options;
  private final String bootstrap;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile boolean stopped;
  private volatile boolean done;

  Generator(
      List<ScenarioSetup> setups, Timeline timeline, QuickstartOptions options, String bootstrap) {
    this.setups = setups;
    this.produced = new LinkedHashMap<>();
    setups.forEach(s -> produced.put(s.scenario().name(), new Produced()));
    this.timeline = timeline;
    this.options = options;
    this.bootstrap = bootstrap;
  }

  @Override
  public void run() {
    Random random = new Random(options.seed());
    long total = timeline.records();
    long startNanos = System.nanoTime();
    double nanosPerRecord = 1e9 / options.rate();
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (long i = 0; i < total && !stopped && failure.get() == null; i++) {
        if (!options.burst()) {
          long due = startNanos + (long) (i * nanosPerRecord);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
        // Scenarios take turns, so each gets an equal share of the rate.
        ScenarioSetup setup = setups.get((int) (i % setups.size()));
        long time = timeline.timeOf(i);
        Sample sample = setup.scenario().next(time, timeline, random);
        String window = windowKey(setup.pipeline(), sample.fields(), time);
        Produced counts = produced.get(setup.scenario().name());
        producer.send(
            new ProducerRecord<>(
                setup.scenario().topic(), null, time, sample.key(), setup.encode(sample.fields())),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              } else {
                counts.acknowledged.incrementAndGet();
                counts.addWindow(window);
              }
            });
      }
      producer.flush();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    } finally {
      done = true;
    }
  }

  /**
   * The aggregate row this sample falls in: the pipeline's dimensions and its window start (the
   * scenarios' pipelines use tumbling windows).
   */
  static String windowKey(PipelineConfig pipeline, Map<String, Object> fields, long time) {
    StringBuilder key = new StringBuilder();
    for (String d : pipeline.dimensions()) {
      key.append(fields.get(d)).append('\u0000');
    }
    long size = pipeline.size().toMillis();
    return key.append(Math.floorDiv(time, size) * size).toString();
  }

  private KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            10,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            (int) TimeUnit.MINUTES.toMillis(2)),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  /** Per scenario name, what has been produced so far. */
  Map<String, Produced> produced() {
    return produced;
  }

  void stop() {
    stopped = true;
  }

  boolean done() {
    return done;
  }

  /** Why producing stopped early, or null. */
  Exception failure() {
    return failure.get();
  }
}
