package dev.tskafka.connector.aws;

import dev.tskafka.connector.config.TimestreamSinkConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteClient;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteClientBuilder;

/** Builds the Timestream clients from configuration: region, endpoint, credentials, timeouts. */
public final class TimestreamClients {
  private TimestreamClients() {}

  /**
   * The clients one task uses: the SDK client for the control plane and endpoint discovery (with
   * its HTTP client), and the WriteRecords writer (with its own).
   */
  public record Clients(
      SdkHttpClient controlHttp,
      TimestreamWriteClient control,
      KeepAliveHttpClient writeHttp,
      HttpTimestreamWriter writer)
      implements AutoCloseable {
    /** Closes the clients at once: a task stops on every rebalance, and the worker waits for it. */
    @Override
    public void close() {
      writeHttp.close();
      control.close();
      controlHttp.close();
    }
  }

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  public static Clients create(TimestreamSinkConfig config) {
    AwsCredentialsProvider credentials = credentials(config);
    SdkHttpClient controlHttp =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT)
            .socketTimeout(config.requestTimeout())
            .build();
    TimestreamWriteClient control = control(config, credentials, controlHttp);
    String region =
        config.region().isEmpty()
            ? control.serviceClientConfiguration().region().id()
            : config.region();
    WriteEndpoint endpoint =
        config.endpoint() != null
            ? WriteEndpoint.fixed(config.endpoint())
            : WriteEndpoint.discovered(control);
    KeepAliveHttpClient writeHttp;
    try {
      writeHttp = new KeepAliveHttpClient(CONNECT_TIMEOUT, SSLContext.getDefault());
    } catch (IOException | NoSuchAlgorithmException e) {
      control.close();
      controlHttp.close();
      throw e instanceof IOException io
          ? new UncheckedIOException(io)
          : new IllegalStateException(e);
    }
    HttpTimestreamWriter writer =
        new HttpTimestreamWriter(
            writeHttp, credentials, region, endpoint, config.database(), config.requestTimeout());
    return new Clients(controlHttp, control, writeHttp, writer);
  }

  /**
   * The SDK's client, for the control plane and endpoint discovery, with its own retries off: the
   * connector retries with its bounded, counted policy instead.
   */
  static TimestreamWriteClient control(
      TimestreamSinkConfig config, AwsCredentialsProvider credentials, SdkHttpClient http) {
    TimestreamWriteClientBuilder builder =
        TimestreamWriteClient.builder()
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
        var sts = StsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
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
