package dev.tskafka.connector.aws;

import dev.tskafka.connector.mapping.TsRecord;
import dev.tskafka.connector.write.TimestreamWriter;
import dev.tskafka.connector.write.WriteException;
import dev.tskafka.connector.write.WriteResult;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * WriteRecords with the AWS SDK's SigV4 signer and credentials, the request body written by {@link
 * WriteRecordsJson}, sent by {@link KeepAliveHttpClient} and the answer read by {@link
 * WriteRecordsAnswer}: the same bytes on the wire as the SDK's client sends, at a fraction of the
 * CPU (the SDK's reflective marshalling and its Netty client cost more per call than everything
 * else the task does for the call's 100 records). The endpoint comes from {@link WriteEndpoint}
 * (the configured override, or the service's endpoint discovery).
 */
public final class HttpTimestreamWriter implements TimestreamWriter {
  private static final String TARGET = "Timestream_20181101.WriteRecords";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final String SIGNING_NAME = "timestream";

  private final KeepAliveHttpClient http;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final AwsCredentialsProvider credentials;
  private final String region;
  private final WriteEndpoint endpoint;
  private final String database;
  private final Duration timeout;

  HttpTimestreamWriter(
      KeepAliveHttpClient http,
      AwsCredentialsProvider credentials,
      String region,
      WriteEndpoint endpoint,
      String database,
      Duration timeout) {
    this.http = http;
    this.credentials = credentials;
    this.region = region;
    this.endpoint = endpoint;
    this.database = database;
    this.timeout = timeout;
  }

  /**
   * Queues the call and returns at once: the body is written, the endpoint looked up and the
   * request signed on the I/O thread that sends it.
   */
  @Override
  public CompletableFuture<WriteResult> write(String table, List<TsRecord> records) {
    AtomicReference<URI> sentTo = new AtomicReference<>();
    return http.post(() -> request(table, records, sentTo), timeout)
        .handle(
            (response, error) -> {
              if (error != null) {
                throw transportFailure(WriteException.unwrap(error), sentTo.get());
              }
              if ("InvalidEndpointException".equals(response.errorType())) {
                endpoint.invalidate();
              }
              return WriteRecordsAnswer.read(
                  response.status(), response.errorType(), response.body(), records, table);
            });
  }

  /**
   * The signed request. A failure here (credentials that cannot be resolved, say) is not a
   * transport failure: it fails the call as it is, fatal unless it says otherwise.
   */
  private KeepAliveHttpClient.Request request(
      String table, List<TsRecord> records, AtomicReference<URI> sentTo) {
    try {
      WriteRecordsJson.Body body = WriteRecordsJson.body(database, table, records);
      URI uri = endpoint.current();
      sentTo.set(uri);
      SdkHttpRequest unsigned =
          SdkHttpRequest.builder()
              .method(SdkHttpMethod.POST)
              .uri(uri)
              .encodedPath("/")
              .putHeader("Content-Type", CONTENT_TYPE)
              .putHeader("X-Amz-Target", TARGET)
              .putHeader("Content-Length", Integer.toString(body.length()))
              .build();
      AwsCredentialsIdentity identity = credentials.resolveCredentials();
      SdkHttpRequest signed =
          signer
              .sign(
                  SignRequest.builder(identity)
                      .request(unsigned)
                      .payload(() -> new ByteArrayInputStream(body.bytes(), 0, body.length()))
                      .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                      .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                      .build())
              .request();
      return new KeepAliveHttpClient.Request(
          uri, signed.encodedPath(), signed.headers(), body.bytes(), body.length());
    } catch (WriteException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new WriteException(WriteException.Kind.FATAL, e.toString(), e);
    }
  }

  private WriteException transportFailure(Throwable e, URI uri) {
    if (e instanceof WriteException we) {
      return we;
    }
    String what =
        e instanceof TimeoutException
            ? e.getMessage()
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    return new WriteException(
        WriteException.Kind.TRANSIENT, "WriteRecords to " + uri + " failed: " + what, e);
  }

  @Override
  public void close() {
    // The HTTP client is closed with the other clients (TimestreamClients.Clients).
  }
}
