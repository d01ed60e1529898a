package dev.tskafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tskafka.local.faults.FaultInjector.Failure;
import dev.tskafka.local.faults.FaultSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteClient;
import software.amazon.awssdk.services.timestreamwrite.model.InternalServerException;
import software.amazon.awssdk.services.timestreamwrite.model.ThrottlingException;

class FaultInjectionIT {
  private static TimestreamLocal local;
  private static TimestreamWriteClient client;
  private static TimestreamWriteClient noRetryClient;

  @BeforeAll
  static void start() {
    local = TimestreamLocal.builder().start();
    client = LocalEndpoint.client(local.endpoint());
    noRetryClient = LocalEndpoint.client(local.endpoint(), RetryMode.STANDARD);
  }

  @AfterAll
  static void stop() {
    client.close();
    noRetryClient.close();
    local.close();
  }

  @AfterEach
  void clearFaults() {
    local.reset();
  }

  @Test
  void shouldThrottleEveryRequestAtProbabilityOneAndSdkRetriesThenGivesUp() {
    local.faults().settings(new FaultSettings(0, 0, 1.0, 0));

    ThrottlingException e =
        (ThrottlingException)
            org.assertj.core.api.Assertions.catchThrowable(() -> client.listDatabases(b -> {}));

    assertThat(e).isNotNull();
    assertThat(e.isThrottlingException()).isTrue();
    // LEGACY retry mode: one attempt and three retries, each throttled.
    assertThat(local.faults().injectedFailures()).isEqualTo(4);
  }

  @Test
  void shouldFailTheNextRequestsThenServeNormally() {
    local.faults().failNext(2, Failure.INTERNAL_ERROR);

    // The SDK retries 500s: two injected failures, then success on the third attempt.
    assertThat(client.listDatabases(b -> {}).databases()).isEmpty();
    assertThat(local.faults().injectedFailures()).isEqualTo(2);
    assertThat(local.faults().pendingFailures()).isZero();
  }

  @Test
  void shouldAnswerInjectedInternalErrorWith500() {
    local.faults().failNext(3, Failure.INTERNAL_ERROR);

    assertThatThrownBy(() -> noRetryClient.listDatabases(b -> {}))
        .isInstanceOfSatisfying(
            InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
  }

  @Test
  void shouldFailAboutTheConfiguredShareOfRequests() {
    local.faults().settings(new FaultSettings(0, 0, 0, 0.5));
    int failed = 0;
    for (int i = 0; i < 200; i++) {
      try {
        noRetryClient.listDatabases(b -> {});
      } catch (InternalServerException e) {
        failed++;
      }
    }
    // STANDARD mode retries up to 3 attempts: a call fails only if all fail (p = 0.125).
    assertThat(failed).isBetween(5, 60);
  }

  @Test
  void shouldAddConfiguredLatencyToEachRequest() {
    local.faults().settings(new FaultSettings(200, 0, 0, 0));

    long start = System.nanoTime();
    client.listDatabases(b -> {});
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    // A lower bound only: the injected sleep cannot be shorter than asked.
    assertThat(elapsedMs).isGreaterThanOrEqualTo(200);
  }

  @Test
  void shouldChangeFaultsAtRunTimeThroughAdminEndpoint() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI faults = URI.create(local.endpoint() + "/_local/faults");

    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(faults)
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"throttleProbability\":1.0,\"failNext\":1,\"failNextWith\":\"ThrottlingException\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(local.faults().settings().throttleProbability()).isEqualTo(1.0);
    assertThat(local.faults().pendingFailures()).isEqualTo(1);
    assertThatThrownBy(() -> noRetryClient.listDatabases(b -> {}))
        .isInstanceOf(ThrottlingException.class);

    HttpResponse<String> bad =
        http.send(
            HttpRequest.newBuilder(faults)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"throttleProbability\":2}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
  }
}
