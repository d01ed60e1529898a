package dev.tskafka.connector.aws;

import dev.tskafka.connector.write.WriteException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteAsyncClient;
import software.amazon.awssdk.services.timestreamwrite.model.DescribeEndpointsResponse;
import software.amazon.awssdk.services.timestreamwrite.model.Endpoint;

/**
 * Where WriteRecords calls go: the configured endpoint override, or the cell the service names
 * through endpoint discovery (DescribeEndpoints on the regional endpoint, through the SDK's
 * client), kept for the CachePeriodInMinutes it gives and forgotten on InvalidEndpointException.
 */
public abstract class WriteEndpoint {

  /** The URI to send the next call to. */
  public abstract URI current();

  /** Drops a discovered endpoint the service called invalid; the next call discovers again. */
  public void invalidate() {}

  public static WriteEndpoint fixed(URI uri) {
    return new WriteEndpoint() {
      @Override
      public URI current() {
        return uri;
      }
    };
  }

  /** Discovery through the SDK client (its owner closes it). */
  public static WriteEndpoint discovered(TimestreamWriteAsyncClient client, long timeoutMillis) {
    return new Discovered(client, timeoutMillis);
  }

  private static final class Discovered extends WriteEndpoint {
    private final TimestreamWriteAsyncClient client;
    private final long timeoutMillis;
    private URI uri;
    private long expiresNanos;

    Discovered(TimestreamWriteAsyncClient client, long timeoutMillis) {
      this.client = client;
      this.timeoutMillis = timeoutMillis;
    }

    @Override
    public synchronized URI current() {
      if (uri == null || System.nanoTime() - expiresNanos > 0) {
        DescribeEndpointsResponse answer;
        try {
          answer = client.describeEndpoints(r -> {}).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new WriteException(
              WriteException.Kind.TRANSIENT, "interrupted during endpoint discovery", e);
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          if (uri != null) {
            return uri; // keep the known cell while discovery fails
          }
          throw new WriteException(
              WriteException.Kind.TRANSIENT, "Timestream endpoint discovery failed: " + e, e);
        }
        Endpoint first = answer.endpoints().get(0);
        uri = URI.create("https://" + first.address());
        expiresNanos = System.nanoTime() + TimeUnit.MINUTES.toNanos(first.cachePeriodInMinutes());
      }
      return uri;
    }

    @Override
    public synchronized void invalidate() {
      uri = null;
    }
  }
}
