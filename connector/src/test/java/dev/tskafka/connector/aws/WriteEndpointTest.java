package dev.tskafka.connector.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tskafka.connector.write.WriteException;
import java.net.URI;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteClient;
import software.amazon.awssdk.services.timestreamwrite.model.DescribeEndpointsRequest;
import software.amazon.awssdk.services.timestreamwrite.model.DescribeEndpointsResponse;
import software.amazon.awssdk.services.timestreamwrite.model.Endpoint;

class WriteEndpointTest {
  private final AtomicLong now = new AtomicLong();
  private final ScriptedDiscovery discovery = new ScriptedDiscovery();
  private final WriteEndpoint endpoint = WriteEndpoint.discovered(discovery, now::get);

  @Test
  void anExpiredEndpointIsStillUsedWhileItIsDiscoveredAgainInTheBackground() throws Exception {
    discovery.answers.add(answer("cell-a.example"));
    assertEquals(URI.create("https://cell-a.example"), endpoint.current());

    now.addAndGet(TimeUnit.MINUTES.toNanos(2)); // past the 1-minute cache period
    // The renewal blocks until its answer is queued: the call does not wait for it.
    assertEquals(URI.create("https://cell-a.example"), endpoint.current());
    assertEquals(URI.create("https://cell-a.example"), endpoint.current());
    discovery.answers.add(answer("cell-b.example"));

    assertTrue(eventually(() -> endpoint.current().equals(URI.create("https://cell-b.example"))));
    assertEquals(2, discovery.calls.get(), "one renewal, however many calls asked meanwhile");
  }

  @Test
  void aFailedRenewalKeepsTheKnownEndpointAndIsTriedAgainAMinuteLater() throws Exception {
    discovery.answers.add(answer("cell-a.example"));
    endpoint.current();
    now.addAndGet(TimeUnit.MINUTES.toNanos(2));
    discovery.answers.add(DescribeEndpointsResponse.builder().build()); // names no endpoint

    endpoint.current();
    assertTrue(eventually(() -> discovery.calls.get() == 2));
    Thread.sleep(100); // a renewal started by mistake would show in the count below
    for (int i = 0; i < 10; i++) {
      assertEquals(URI.create("https://cell-a.example"), endpoint.current());
    }
    assertEquals(2, discovery.calls.get(), "no renewal before the minute has passed");

    now.addAndGet(TimeUnit.SECONDS.toNanos(61));
    discovery.answers.add(answer("cell-b.example"));
    endpoint.current();
    assertTrue(eventually(() -> endpoint.current().equals(URI.create("https://cell-b.example"))));
  }

  @Test
  void withNoEndpointKnownACallWaitsForDiscoveryAndFailsTransientlyIfItFails() {
    discovery.failNext = true;

    WriteException e = assertThrows(WriteException.class, endpoint::current);

    assertEquals(WriteException.Kind.TRANSIENT, e.kind());
    discovery.answers.add(answer("cell-a.example"));
    assertEquals(URI.create("https://cell-a.example"), endpoint.current());
    endpoint.invalidate();
    discovery.answers.add(answer("cell-c.example"));
    assertEquals(URI.create("https://cell-c.example"), endpoint.current());
  }

  private static DescribeEndpointsResponse answer(String address) {
    return DescribeEndpointsResponse.builder()
        .endpoints(Endpoint.builder().address(address).cachePeriodInMinutes(1L).build())
        .build();
  }

  private static boolean eventually(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(5);
    }
    return false;
  }

  /** DescribeEndpoints answered from a queue, waiting for an answer to be queued. */
  private static final class ScriptedDiscovery implements TimestreamWriteClient {
    final BlockingQueue<DescribeEndpointsResponse> answers = new ArrayBlockingQueue<>(8);
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean failNext;

    @Override
    public DescribeEndpointsResponse describeEndpoints(DescribeEndpointsRequest request) {
      calls.incrementAndGet();
      if (failNext) {
        failNext = false;
        throw SdkClientException.create("unreachable");
      }
      try {
        DescribeEndpointsResponse answer = answers.poll(30, TimeUnit.SECONDS);
        if (answer == null) {
          throw SdkClientException.create("no answer scripted");
        }
        return answer;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw SdkClientException.create("interrupted");
      }
    }

    @Override
    public String serviceName() {
      return "timestream";
    }

    @Override
    public void close() {}
  }
}
