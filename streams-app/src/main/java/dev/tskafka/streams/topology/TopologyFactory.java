package dev.tskafka.streams.topology;

import dev.tskafka.streams.config.AppConfig;
import dev.tskafka.streams.config.PipelineConfig;
import dev.tskafka.streams.model.Codecs;
import dev.tskafka.streams.model.Reading;
import dev.tskafka.streams.state.WriteBackStoreBuilder;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the topology from configuration, and nothing else: a pure function, so tests build the
 * same topology the app runs (registry serdes are created when a task starts, not here). Per
 * pipeline: parse JSON or Avro (bad input to the dead-letter topic) → repartition by series →
 * {@link WindowProcessor} → aggregates, anomalies and late records, each to its topic.
 */
public final class TopologyFactory {
  private TopologyFactory() {}

  public static Topology build(AppConfig config) {
    StreamsBuilder builder = new StreamsBuilder();
    for (PipelineConfig pipeline : config.pipelines()) {
      if (pipeline.formats().avroOutput()) {
        AvroOutput.schemas(pipeline); // fails here, not in a running task, on names Avro refuses
      }
      addPipeline(builder, pipeline);
    }
    return builder.build();
  }

  /** Store names, also used by the HTTP endpoint's interactive queries. */
  public static String windowStore(PipelineConfig p) {
    return p.name() + "-windows";
  }

  public static String historyStore(PipelineConfig p) {
    return p.name() + "-history";
  }

  public static String metaStore(PipelineConfig p) {
    return p.name() + "-stream-time";
  }

  /**
   * All readings of a series must reach the same task. When the input is already partitioned that
   * way nothing moves; otherwise a repartition topic keyed by series does it. A repartition topic
   * mixes records from upstream tasks that may run at different paces (a catch-up after downtime),
   * which skews stream time: the grace period must cover that skew, or records count as late.
   */
  private static KStream<String, Reading> bySeries(PipelineConfig p, KStream<String, Reading> in) {
    if (p.partitionedBySeries()) {
      return in;
    }
    return in.repartition(
        Repartitioned.with(Serdes.String(), Codecs.reading()).withName(p.name() + "-by-series"));
  }

  private static void addPipeline(StreamsBuilder builder, PipelineConfig p) {
    // Open windows change with every record: keep them as objects, serialized once per commit.
    builder.addStateStore(
        new WriteBackStoreBuilder<>(
            Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(windowStore(p)),
                Serdes.String(),
                Codecs.windowAggregate()),
            p.liveWindows()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(historyStore(p)),
                Serdes.String(),
                Codecs.seriesHistory())
            .withCachingEnabled());
    // Stream time advances with most records: written back once per commit too.
    builder.addStateStore(
        new WriteBackStoreBuilder<>(
            Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(metaStore(p)), Serdes.String(), Serdes.Long()),
            1));

    Serde<Emitted> emitted =
        Serdes.serdeFrom((topic, e) -> e.value(), (topic, bytes) -> new Emitted(topic, bytes));
    KStream<String, Object> parsed =
        builder.stream(
                p.inputTopics(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(p.name() + "-input"))
            .process(() -> new ParseProcessor(p), Named.as(p.name() + "-parse"));
    parsed
        .split(Named.as(p.name() + "-"))
        .branch(
            (key, value) -> value instanceof Reading,
            Branched.withConsumer(
                readings ->
                    bySeries(
                            p,
                            readings.mapValues(
                                v -> (Reading) v, Named.as(p.name() + "-as-reading")))
                        .process(
                            () ->
                                new WindowProcessor(
                                    p, windowStore(p), historyStore(p), metaStore(p)),
                            Named.as(p.name() + "-windows"),
                            windowStore(p),
                            historyStore(p),
                            metaStore(p))
                        .to((k, v, ctx) -> v.topic(), Produced.with(Serdes.String(), emitted)),
                "readings"))
        .defaultBranch(
            Branched.withConsumer(
                deadLetters ->
                    deadLetters
                        .mapValues(v -> (Emitted) v, Named.as(p.name() + "-as-dead-letter"))
                        .to((k, v, ctx) -> v.topic(), Produced.with(Serdes.String(), emitted)),
                "dead-letters"));
  }
}
