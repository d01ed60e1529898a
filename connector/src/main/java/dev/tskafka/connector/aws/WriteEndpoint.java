package dev.tskafka.connector.aws;

import dev.tskafka.connector.write.WriteException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    return new Discovered(client, System::nanoTime);
  }

  static WriteEndpoint discovered(TimestreamWriteClient client, LongSupplier nanoClock) {
    return new Discovered(client, nanoClock);
  }

  /**
   * The discovered cell. Only the first discovery (and the one after an invalidation) holds a call:
   * nothing can be sent anywhere before it. Once the cache period has passed, the known cell is
   * still used while a background thread asks again, so a slow or failing DescribeEndpoints never
   * holds the I/O thread that sends every call of the task; a failed renewal is tried again after
   * {@link #RETRY_AFTER_FAILURE}.
   */
  private static final class Discovered extends WriteEndpoint {
    private static final Logger log = LoggerFactory.getLogger(WriteEndpoint.class);
    static final long RETRY_AFTER_FAILURE = TimeUnit.MINUTES.toNanos(1);

    private final TimestreamWriteClient client;
    private final LongSupplier clock;
    private URI uri;
    private long expiresNanos;
    private boolean renewing;

    Discovered(TimestreamWriteClient client, LongSupplier clock) {
      this.client = client;
      this.clock = clock;
    }

    @Override
    public synchronized URI current() {
      if (uri == null) {
        Endpoint found = describe(); // a WriteException if discovery fails: the call is retried
        if (found == null) {
          throw new WriteException(
              WriteException.Kind.TRANSIENT,
              "Timestream endpoint discovery returned no endpoint",
              null);
        }
        use(found);
      } else if (clock.getAsLong() - expiresNanos > 0 && !renewing) {
        renewing = true;
        Thread renewal = new Thread(this::renew, "timestream-endpoint-discovery");
        renewal.setDaemon(true);
        renewal.start();
      }
      return uri;
    }

    private void renew() {
      Endpoint found = null;
      String failure = "Timestream endpoint discovery returned no endpoint";
      try {
        found = describe();
      } catch (WriteException e) {
        failure = e.getMessage();
      }
      synchronized (this) {
        renewing = false;
        if (found != null) {
          use(found);
        } else {
          expiresNanos = clock.getAsLong() + RETRY_AFTER_FAILURE;
          log.warn("{}; still writing to {}, asking again in a minute", failure, uri);
        }
      }
    }

    /** The first endpoint DescribeEndpoints names, or null if it names none. */
    private Endpoint describe() {
      DescribeEndpointsResponse answer;
      try {
        answer = client.describeEndpoints(r -> {}); // within the client's API call timeout
      } catch (SdkException e) {
        throw new WriteException(
            WriteException.Kind.TRANSIENT, "Timestream endpoint discovery failed: " + e, e);
      }
      return answer.endpoints().isEmpty() ? null : answer.endpoints().get(0);
    }

    private void use(Endpoint endpoint) {
      uri = URI.create("https://" + endpoint.address());
      expiresNanos = clock.getAsLong() + TimeUnit.MINUTES.toNanos(endpoint.cachePeriodInMinutes());
    }

    @Override
    public synchronized void invalidate() {
      uri = null;
    }
  }
}
