package dev.tskafka.connector.aws;

import dev.tskafka.connector.config.TimestreamSinkConfig;
import dev.tskafka.connector.write.Backoff;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteClient;
import software.amazon.awssdk.services.timestreamwrite.model.ConflictException;
import software.amazon.awssdk.services.timestreamwrite.model.InternalServerException;
import software.amazon.awssdk.services.timestreamwrite.model.PartitionKey;
import software.amazon.awssdk.services.timestreamwrite.model.PartitionKeyEnforcementLevel;
import software.amazon.awssdk.services.timestreamwrite.model.PartitionKeyType;
import software.amazon.awssdk.services.timestreamwrite.model.ResourceNotFoundException;
import software.amazon.awssdk.services.timestreamwrite.model.ThrottlingException;

/**
 * Makes sure a table exists before records go to it: checks it, and creates the database and the
 * table when auto-creation is on. A missing table without auto-creation is a clear error.
 */
public final class TableProvisioner {
  private static final Logger log = LoggerFactory.getLogger(TableProvisioner.class);
  private static final int CONTROL_PLANE_ATTEMPTS = 8;

  private final TimestreamWriteClient client;
  private final TimestreamSinkConfig config;
  private final Set<String> ready = new HashSet<>();
  private final Backoff backoff;

  public TableProvisioner(TimestreamWriteClient client, TimestreamSinkConfig config) {
    this.client = client;
    this.config = config;
    this.backoff = new Backoff(config.retryBackoff(), config.retryBackoffMax());
  }

  /** Returns once the table exists; throws ConnectException when it does not and cannot. */
  public void ensure(String table) {
    if (ready.contains(table)) {
      return;
    }
    String database = config.database();
    try {
      call(() -> client.describeTable(r -> r.databaseName(database).tableName(table)));
      ready.add(table);
      return;
    } catch (ResourceNotFoundException e) {
      if (!config.autoCreate()) {
        throw new ConnectException(
            "Timestream table "
                + database
                + "."
                + table
                + " does not exist ("
                + e.awsErrorDetails().errorMessage()
                + "). Create it, or set "
                + TimestreamSinkConfig.TABLE_AUTO_CREATE
                + "=true");
      }
    }
    create(database, table);
    ready.add(table);
  }

  private void create(String database, String table) {
    try {
      call(() -> client.createDatabase(r -> r.databaseName(database)));
      log.info("Created Timestream database {}", database);
    } catch (ConflictException e) {
      log.debug("Timestream database {} already exists", database);
    }
    try {
      call(
          () ->
              client.createTable(
                  r -> {
                    r.databaseName(database)
                        .tableName(table)
                        .retentionProperties(
                            p ->
                                p.memoryStoreRetentionPeriodInHours(
                                        (long) config.memoryRetentionHours())
                                    .magneticStoreRetentionPeriodInDays(
                                        (long) config.magneticRetentionDays()))
                        .magneticStoreWriteProperties(
                            m -> m.enableMagneticStoreWrites(config.magneticWrites()));
                    if (config.partitionKey() != null) {
                      r.schema(
                          s ->
                              s.compositePartitionKey(
                                  List.of(
                                      PartitionKey.builder()
                                          .type(PartitionKeyType.DIMENSION)
                                          .name(config.partitionKey())
                                          .enforcementInRecord(
                                              PartitionKeyEnforcementLevel.OPTIONAL)
                                          .build())));
                    }
                  }));
      log.info(
          "Created Timestream table {}.{} (memory {} h, magnetic {} d, magnetic writes {})",
          database,
          table,
          config.memoryRetentionHours(),
          config.magneticRetentionDays(),
          config.magneticWrites());
    } catch (ConflictException e) {
      log.debug("Timestream table {}.{} already exists", database, table);
    }
  }

  /**
   * Runs a control-plane call, retrying what the write path retries too (throttling, 5xx, timeouts,
   * connection errors) with backoff; rethrows the SDK's own exception otherwise.
   */
  private void call(Runnable action) {
    for (int attempt = 1; ; attempt++) {
      try {
        action.run();
        return;
      } catch (RuntimeException e) {
        if (attempt < CONTROL_PLANE_ATTEMPTS && retryable(e)) {
          log.debug(
              "Timestream control-plane call failed (attempt {}), retrying: {}",
              attempt,
              e.toString());
          sleep(backoff.delayMillis(attempt));
          continue;
        }
        throw e;
      }
    }
  }

  /** Throttling, 5xx, timeouts and connection errors: what the write path retries too. */
  static boolean retryable(Throwable e) {
    if (e instanceof ThrottlingException || e instanceof InternalServerException) {
      return true;
    }
    if (e instanceof AwsServiceException service) {
      return service.statusCode() == 429 || service.statusCode() >= 500;
    }
    return e instanceof SdkClientException;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("interrupted while provisioning Timestream tables", e);
    }
  }
}
