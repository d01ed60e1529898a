package dev.tskafka.connector.aws;

import dev.tskafka.connector.write.WriteException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteClient;
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
  public static WriteEndpoint discovered(TimestreamWriteClient client) {
    return new Discovered(client);
  }

  private static final class Discovered extends WriteEndpoint {
    private final TimestreamWriteClient client;
    private URI uri;
    private long expiresNanos;

    Discovered(TimestreamWriteClient client) {
      this.client = client;
    }

    @Override
    public synchronized URI current() {
      if (uri == null || System.nanoTime() - expiresNanos > 0) {
        DescribeEndpointsResponse answer;
        try {
          answer = client.describeEndpoints(r -> {}); // within the client's API call timeout
        } catch (SdkException e) {
          if (uri != null) {
            return uri; // keep the known cell while discovery fails
          }
          throw new WriteException(
              WriteException.Kind.TRANSIENT, "Timestream endpoint discovery failed: " + e, e);
        }
        if (answer.endpoints().isEmpty()) {
          if (uri != null) {
            return uri;
          }
          throw new WriteException(
              WriteException.Kind.TRANSIENT,
              "Timestream endpoint discovery returned no endpoint",
              null);
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
