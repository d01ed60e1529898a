package dev.tskafka.connector.aws;

import dev.tskafka.connector.mapping.TsRecord;
import dev.tskafka.connector.write.TimestreamWriter;
import dev.tskafka.connector.write.WriteException;
import dev.tskafka.connector.write.WriteResult;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpResponseHandler;
import software.amazon.awssdk.http.async.SdkHttpContentPublisher;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * WriteRecords over the AWS SDK's own HTTP client, SigV4 signer and credentials, with the request
 * body written by {@link WriteRecordsJson} and the answer read by {@link WriteRecordsAnswer}
 * instead of the SDK's reflective marshalling: the same bytes on the wire as the SDK client sends,
 * at a fraction of the CPU. The endpoint comes from {@link WriteEndpoint} (the configured override,
 * or the service's endpoint discovery).
 */
public final class HttpTimestreamWriter implements TimestreamWriter {
  private static final String TARGET = "Timestream_20181101.WriteRecords";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final String SIGNING_NAME = "timestream";

  private final SdkAsyncHttpClient http;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final AwsCredentialsProvider credentials;
  private final String region;
  private final WriteEndpoint endpoint;
  private final String database;
  private final Duration timeout;

  public HttpTimestreamWriter(
      SdkAsyncHttpClient http,
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

  @Override
  public CompletableFuture<WriteResult> write(String table, List<TsRecord> records) {
    WriteRecordsJson.Body body = WriteRecordsJson.body(database, table, records);
    URI uri = endpoint.current();
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
                    .payload(() -> new java.io.ByteArrayInputStream(body.bytes(), 0, body.length()))
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .build())
            .request();
    Answer answer = new Answer();
    CompletableFuture<Void> call =
        http.execute(
            AsyncExecuteRequest.builder()
                .request(signed)
                .requestContentPublisher(new BodyPublisher(body))
                .responseHandler(answer)
                .build());
    call.whenComplete(
        (ignored, error) -> {
          if (error != null) {
            answer.result.completeExceptionally(error);
          }
        });
    return answer
        .result
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (response, error) -> {
              if (error != null) {
                call.cancel(true);
                throw transportFailure(WriteException.unwrap(error), uri);
              }
              if ("InvalidEndpointException".equals(response.errorType())) {
                endpoint.invalidate();
              }
              return WriteRecordsAnswer.read(
                  response.status(), response.errorType(), response.body(), records, table);
            });
  }

  private WriteException transportFailure(Throwable e, URI uri) {
    if (e instanceof WriteException we) {
      return we;
    }
    String what =
        e instanceof TimeoutException
            ? "no answer within " + timeout.toMillis() + " ms"
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    return new WriteException(
        WriteException.Kind.TRANSIENT, "WriteRecords to " + uri + " failed: " + what, e);
  }

  @Override
  public void close() {
    // The HTTP client is shared with the control-plane client; TimestreamClients closes both.
  }

  private record Response(int status, String errorType, byte[] body) {}

  /** Collects the status, the error-type header and the body of one answer. */
  private static final class Answer implements SdkAsyncHttpResponseHandler {
    final CompletableFuture<Response> result = new CompletableFuture<>();
    private volatile SdkHttpResponse headers;

    @Override
    public void onHeaders(SdkHttpResponse response) {
      headers = response;
    }

    @Override
    public void onStream(Publisher<ByteBuffer> stream) {
      stream.subscribe(
          new Subscriber<ByteBuffer>() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            @Override
            public void onSubscribe(Subscription s) {
              s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer buffer) {
              byte[] chunk = new byte[buffer.remaining()];
              buffer.get(chunk);
              bytes.write(chunk, 0, chunk.length);
            }

            @Override
            public void onError(Throwable t) {
              result.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
              SdkHttpResponse h = headers;
              result.complete(
                  new Response(
                      h.statusCode(),
                      h.firstMatchingHeader("x-amzn-ErrorType").orElse(null),
                      bytes.toByteArray()));
            }
          });
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }
  }

  /** The request body, as one buffer, to whoever subscribes (the client may retry a connection). */
  private static final class BodyPublisher implements SdkHttpContentPublisher {
    private final WriteRecordsJson.Body body;

    BodyPublisher(WriteRecordsJson.Body body) {
      this.body = body;
    }

    @Override
    public Optional<Long> contentLength() {
      return Optional.of((long) body.length());
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
      subscriber.onSubscribe(
          new Subscription() {
            private boolean done;

            @Override
            public void request(long n) {
              if (done) {
                return;
              }
              done = true;
              if (n <= 0) {
                subscriber.onError(new IllegalArgumentException("request(" + n + ")"));
                return;
              }
              subscriber.onNext(ByteBuffer.wrap(body.bytes(), 0, body.length()).asReadOnlyBuffer());
              subscriber.onComplete();
            }

            @Override
            public void cancel() {
              done = true;
            }
          });
    }
  }
}
