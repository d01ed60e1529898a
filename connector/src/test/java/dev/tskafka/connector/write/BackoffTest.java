package dev.tskafka.connector.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

class BackoffTest {
  @RepeatedTest(20)
  void shouldGrowExponentiallyWithJitterUpToTheCap() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000));
    assertThat(backoff.delayMillis(1)).isBetween(50L, 100L);
    assertThat(backoff.delayMillis(3)).isBetween(200L, 400L);
    assertThat(backoff.delayMillis(10)).isBetween(500L, 1_000L);
    assertThat(backoff.delayMillis(64)).isBetween(500L, 1_000L);
  }
}
