package dev.tskafka.kafkalocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TestStackTest {

  @Test
  void shouldRunOnContainersWhenDockerAnswersAndOnTheJvmWhenItDoesNot() {
    assertThat(TestStack.resolve("auto", () -> true).containers()).isTrue();
    TestStack fallback = TestStack.resolve("auto", () -> false);
    assertThat(fallback.containers()).isFalse();
    assertThat(fallback.available()).isTrue();
    assertThat(fallback.describe()).startsWith("in-JVM").contains("no Docker engine");
  }

  @Test
  void shouldSkipRatherThanFallBackWhenContainersAreForcedWithoutDocker() {
    TestStack forced = TestStack.resolve("containers", () -> false);
    assertThat(forced.available()).isFalse();
    assertThat(forced.reason()).contains("no Docker engine").contains(TestStack.PROPERTY);
    assertThatThrownBy(forced::startBroker).hasMessageContaining("no Docker engine");
  }

  @Test
  void shouldNotAskDockerWhenTheJvmStackIsForced() {
    AtomicInteger asked = new AtomicInteger();
    TestStack jvm =
        TestStack.resolve(
            "jvm",
            () -> {
              asked.incrementAndGet();
              return true;
            });
    assertThat(jvm.containers()).isFalse();
    assertThat(asked).hasValue(0);
  }

  @Test
  void shouldRefuseAnUnknownSettingNamingTheSwitch() {
    assertThatThrownBy(() -> TestStack.resolve("docker", () -> true))
        .hasMessageContaining(TestStack.PROPERTY)
        .hasMessageContaining("auto, jvm or containers");
  }
}
