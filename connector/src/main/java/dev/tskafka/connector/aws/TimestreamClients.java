package dev.tskafka.connector.aws;

import dev.tskafka.connector.config.TimestreamSinkConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteAsyncClient;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteAsyncClientBuilder;

/** Builds the Timestream clients from configuration: region, endpoint, credentials, timeouts. */
public final class TimestreamClients {
  private TimestreamClients() {}

  /**
   * The clients one task uses: the HTTP client (shared), the SDK client for the control plane and
   * endpoint discovery, and the WriteRecords writer.
   */
  public record Clients(
      SdkEventLoopGroup loops,
      SdkAsyncHttpClient http,
      TimestreamWriteAsyncClient control,
      HttpTimestreamWriter writer)
      implements AutoCloseable {
    /**
     * Closes the clients, then stops the event loops without Netty's default 2 s quiet period: a
     * task stops on every rebalance, and the worker waits for it (the calls are over by now).
     */
    @Override
    public void close() {
      control.close();
      http.close();
      loops
          .eventLoopGroup()
          .shutdownGracefully(0, LOOP_SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS)
          .awaitUninterruptibly(LOOP_SHUTDOWN.toMillis());
    }
  }

  private static final Duration LOOP_SHUTDOWN = Duration.ofSeconds(2);

  public static Clients create(TimestreamSinkConfig config) {
    AwsCredentialsProvider credentials = credentials(config);
    // Our own event loops (the SDK's would be closed with Netty's 2 s quiet period).
    SdkEventLoopGroup loops = SdkEventLoopGroup.builder().build();
    SdkAsyncHttpClient http =
        NettyNioAsyncHttpClient.builder()
            .eventLoopGroup(loops)
            .maxConcurrency(Math.max(50, config.maxInFlight() * 2))
            .connectionTimeout(Duration.ofSeconds(10))
            .readTimeout(config.requestTimeout())
            .writeTimeout(config.requestTimeout())
            .build();
    TimestreamWriteAsyncClient control = control(config, credentials, http);
    String region =
        config.region().isEmpty()
            ? control.serviceClientConfiguration().region().id()
            : config.region();
    WriteEndpoint endpoint =
        config.endpoint() != null
            ? WriteEndpoint.fixed(config.endpoint())
            : WriteEndpoint.discovered(control, config.requestTimeout().toMillis());
    HttpTimestreamWriter writer =
        new HttpTimestreamWriter(
            http, credentials, region, endpoint, config.database(), config.requestTimeout());
    return new Clients(loops, http, control, writer);
  }

  /**
   * The SDK's client, for the control plane and endpoint discovery, with its own retries off: the
   * connector retries with its bounded, counted policy instead.
   */
  static TimestreamWriteAsyncClient control(
      TimestreamSinkConfig config, AwsCredentialsProvider credentials, SdkAsyncHttpClient http) {
    TimestreamWriteAsyncClientBuilder builder =
        TimestreamWriteAsyncClient.builder()
            .credentialsProvider(credentials)
            .httpClient(http)
            .overrideConfiguration(
                c ->
                    c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(config.requestTimeout())
                        .apiCallTimeout(config.requestTimeout()));
    String region = config.region();
    if (!region.isEmpty()) {
      builder.region(Region.of(region));
    } else if (config.endpoint() != null) {
      builder.region(Region.US_EAST_1);
    }
    if (config.endpoint() != null) {
      builder.endpointOverride(config.endpoint()).endpointDiscoveryEnabled(false);
    } else {
      builder.endpointDiscoveryEnabled(true);
    }
    return builder.build();
  }

  static AwsCredentialsProvider credentials(TimestreamSinkConfig config) {
    return switch (config.credentialsSource()) {
      case DEFAULT -> DefaultCredentialsProvider.builder().build();
      case PROFILE -> ProfileCredentialsProvider.create(config.profile());
      case STATIC -> {
        String key = config.accessKeyId().value();
        String secret = config.secretAccessKey().value();
        String token = config.sessionToken().value();
        yield StaticCredentialsProvider.create(
            token == null || token.isBlank()
                ? AwsBasicCredentials.create(key, secret)
                : AwsSessionCredentials.create(key, secret, token));
      }
      case ASSUME_ROLE -> {
        var sts = StsClient.builder();
        if (!config.region().isEmpty()) {
          sts.region(Region.of(config.region()));
        }
        String externalId = config.roleExternalId().value();
        yield StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts.build())
            .refreshRequest(
                r -> {
                  r.roleArn(config.roleArn()).roleSessionName(config.roleSessionName());
                  if (externalId != null && !externalId.isBlank()) {
                    r.externalId(externalId);
                  }
                })
            .build();
      }
    };
  }
}
