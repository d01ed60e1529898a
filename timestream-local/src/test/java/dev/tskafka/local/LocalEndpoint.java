package dev.tskafka.local;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.timestreamquery.TimestreamQueryClient;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteClient;
import software.amazon.awssdk.services.timestreamwrite.model.CreateDatabaseRequest;
import software.amazon.awssdk.services.timestreamwrite.model.CreateTableRequest;

/** The real AWS SDK client pointed at a timestream-local, and unique names for test resources. */
final class LocalEndpoint {
  private static final AtomicInteger NAMES = new AtomicInteger();

  private LocalEndpoint() {}

  static TimestreamWriteClient client(URI endpoint) {
    return client(endpoint, RetryMode.LEGACY);
  }

  static TimestreamWriteClient client(URI endpoint, RetryMode retryMode) {
    return local(TimestreamWriteClient.builder(), endpoint)
        .endpointDiscoveryEnabled(false)
        .overrideConfiguration(c -> c.retryStrategy(retryMode))
        .build();
  }

  /** The SDK's Timestream Query client pointed at a timestream-local. */
  static TimestreamQueryClient queryClient(URI endpoint) {
    return local(TimestreamQueryClient.builder(), endpoint).endpointDiscoveryEnabled(false).build();
  }

  /** A client builder for {@code endpoint}: region, test credentials and the HTTP client. */
  private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B local(
      B builder, URI endpoint) {
    return builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDLOCAL", "local-secret")))
        .httpClient(UrlConnectionHttpClient.create());
  }

  static String uniqueName(String prefix) {
    return prefix + "_" + NAMES.incrementAndGet();
  }

  /** Creates a database and a table with default settings; returns {database, table}. */
  static String[] createTable(TimestreamWriteClient client) {
    return createTable(client, b -> {});
  }

  static String[] createTable(
      TimestreamWriteClient client,
      java.util.function.Consumer<CreateTableRequest.Builder> settings) {
    String database = uniqueName("db");
    String table = uniqueName("tbl");
    client.createDatabase(CreateDatabaseRequest.builder().databaseName(database).build());
    CreateTableRequest.Builder request =
        CreateTableRequest.builder().databaseName(database).tableName(table);
    settings.accept(request);
    client.createTable(request.build());
    return new String[] {database, table};
  }
}
