package dev.tskafka.kafkalocal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A Kafka cluster that tests run against: the in-JVM {@link LocalKafkaBroker} or a container
 * ({@link ContainerKafkaBroker}). Carries the small admin, producer and consumer helpers tests use,
 * which need nothing but the bootstrap address.
 */
public interface KafkaBroker extends AutoCloseable {

  /** The {@code bootstrap.servers} value for clients on this machine. */
  String bootstrapServers();

  @Override
  void close();

  /** Creates a topic with replication factor 1 and waits until the controller has created it. */
  default void createTopic(String topic, int partitions) {
    createTopic(new NewTopic(topic, partitions, (short) 1));
  }

  /**
   * Creates a topic as described and waits until the broker leads every one of its partitions, so
   * that a producer started next finds them ready. Metadata names a leader before that broker
   * serves the partition: a produce in between is refused (NOT_LEADER_OR_FOLLOWER), and an
   * idempotent producer whose later batches were taken first then retries its first batch as out of
   * order until its delivery timeout. So the wait ends only when each partition's leader answers a
   * ListOffsets, which the same readiness check guards.
   */
  default void createTopic(NewTopic topic) {
    Duration ready = Duration.ofSeconds(60);
    try (Admin admin = Admin.create(clientProperties(bootstrapServers()))) {
      await(admin.createTopics(List.of(topic)).all());
      long deadline = System.nanoTime() + ready.toNanos();
      while (!allPartitionsLed(admin, topic.name())) {
        if (System.nanoTime() > deadline) {
          throw new KafkaException(
              "Topic "
                  + topic.name()
                  + " was created but its partitions have no leader after "
                  + ready
                  + ": "
                  + partitionLeaders(admin, topic.name()));
        }
        Thread.sleep(20);
      }
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (TopicPartitionInfo p : partitions(admin, topic.name())) {
        latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest());
      }
      await(admin.listOffsets(latest).all()); // the admin client retries until the leader serves
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  private static boolean allPartitionsLed(Admin admin, String topic) {
    List<TopicPartitionInfo> partitions = partitions(admin, topic);
    return partitions != null
        && partitions.stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
  }

  private static String partitionLeaders(Admin admin, String topic) {
    List<TopicPartitionInfo> partitions = partitions(admin, topic);
    return partitions == null
        ? "unknown (not in the broker's metadata)"
        : partitions.stream()
            .map(p -> p.partition() + "->" + (p.leader() == null ? "none" : p.leader().idString()))
            .toList()
            .toString();
  }

  /** The topic's partitions as the broker describes them, or null while it does not know it. */
  private static List<TopicPartitionInfo> partitions(Admin admin, String topic) {
    try {
      return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    } catch (ExecutionException e) {
      return null;
    }
  }

  /** Sends string values without keys to {@code topic} and waits until all are acknowledged. */
  default void produce(String topic, List<String> values) {
    produce(
        values.stream().map(value -> new ProducerRecord<String, String>(topic, value)).toList());
  }

  /** Sends the records in order and waits until all are acknowledged. */
  default void produce(List<ProducerRecord<String, String>> records) {
    Properties properties = clientProperties(bootstrapServers());
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    // Idempotent (the default), so its own retries never duplicate; a generous delivery timeout,
    // because a shared machine that stalls for a while must not fail a test's setup.
    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(300_000));
    long startNanos = System.nanoTime();
    long startMillis = System.currentTimeMillis();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
      records.stream().map(producer::send).toList().forEach(KafkaBroker::await);
    } catch (KafkaException e) {
      List<String> topics = records.stream().map(ProducerRecord::topic).distinct().toList();
      String leaders;
      try (Admin admin = Admin.create(clientProperties(bootstrapServers()))) {
        leaders =
            topics.stream().map(t -> t + " " + partitionLeaders(admin, t)).toList().toString();
      }
      throw new KafkaException(
          String.format(
              "Producing %d records to %s failed after %d ms (wall clock moved %d ms);"
                  + " partition leaders now: %s",
              records.size(),
              topics,
              Elapsed.millisSince(startNanos),
              System.currentTimeMillis() - startMillis,
              leaders),
          e);
    }
  }

  /**
   * Reads the first {@code count} records of {@code topic} from its beginning, as a new consumer
   * group, waiting for them at most {@code timeout}.
   *
   * @throws IllegalStateException if fewer than {@code count} records arrived in time
   */
  default List<ConsumerRecord<String, String>> consume(String topic, int count, Duration timeout) {
    Properties properties = clientProperties(bootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "kafka-local-reader-" + UUID.randomUUID());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      consumer.subscribe(List.of(topic));
      while (records.size() < count) {
        long remainingNanos = deadline - System.nanoTime();
        if (remainingNanos <= 0) {
          throw new IllegalStateException(
              String.format(
                  "Read %d of %d records from topic %s within %s",
                  records.size(), count, topic, timeout));
        }
        consumer.poll(Duration.ofNanos(remainingNanos)).forEach(records::add);
      }
    }
    return List.copyOf(records.subList(0, count));
  }

  private static Properties clientProperties(String bootstrapServers) {
    Properties properties = new Properties();
    properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return properties;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      throw new InterruptException(e);
    } catch (ExecutionException e) {
      throw new KafkaException(e.getCause());
    }
  }
}
