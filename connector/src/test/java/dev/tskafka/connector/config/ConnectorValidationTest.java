package dev.tskafka.connector.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tskafka.connector.TimestreamSinkConnector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class ConnectorValidationTest {
  static Map<String, String> valid() {
    Map<String, String> props = new HashMap<>();
    props.put("timestream.database", "IoTDatabase");
    props.put("timestream.table", "SensorData");
    props.put("timestream.dimensions", "device_id,location");
    props.put("timestream.time.field", "timestamp");
    return props;
  }

  static Map<String, List<String>> errors(Map<String, String> props) {
    return new TimestreamSinkConnector()
        .validate(props).configValues().stream()
            .filter(v -> !v.errorMessages().isEmpty())
            .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
  }

  static Map<String, List<String>> errorsWith(String... kv) {
    Map<String, String> props = valid();
    for (int i = 0; i < kv.length; i += 2) {
      props.put(kv[i], kv[i + 1]);
    }
    return errors(props);
  }

  @Test
  void shouldAcceptMinimalConfiguration() {
    assertThat(errors(valid())).isEmpty();
    assertThat(new TimestreamSinkConfig(valid()).mappingSpec().dimensions()).hasSize(2);
  }

  @Test
  void shouldReportMissingRequiredSettingsAsFieldErrors() {
    Map<String, String> props = valid();
    props.remove("timestream.database");
    props.put("timestream.dimensions", "");
    assertThat(errors(props)).containsOnlyKeys("timestream.database", "timestream.dimensions");
  }

  @Test
  void shouldReportMalformedSettingsAsFieldErrors() {
    Map<String, List<String>> errors =
        errorsWith(
            "timestream.batch.size", "500",
            "timestream.measures", "temp:FLOAT:DOUBLE:x",
            "timestream.record.shape", "WIDE",
            "timestream.endpoint", "not a uri",
            "timestream.table", "bad/table",
            "timestream.dimensions", "a..b");
    assertThat(errors)
        .containsOnlyKeys(
            "timestream.batch.size",
            "timestream.measures",
            "timestream.record.shape",
            "timestream.endpoint",
            "timestream.table",
            "timestream.dimensions");
    assertThat(errors.get("timestream.measures").get(0)).contains("too many ':'");
  }

  @Test
  void shouldReportConflictingSettingsOnTheFieldsInvolved() {
    assertThat(errorsWith("timestream.credentials.provider", "STATIC"))
        .containsOnlyKeys("timestream.aws.access.key.id", "timestream.aws.secret.access.key");
    assertThat(errorsWith("timestream.credentials.provider", "ASSUME_ROLE"))
        .containsOnlyKeys("timestream.aws.role.arn");
    assertThat(errorsWith("timestream.version.source", "FIELD"))
        .containsOnlyKeys("timestream.version.field");
    assertThat(
            errorsWith(
                "timestream.record.shape", "SINGLE",
                "timestream.measure.name", "${measure_name}",
                "timestream.measures", "a,b"))
        .containsOnlyKeys("timestream.measures");
    assertThat(errorsWith("timestream.measures", "device_id"))
        .containsOnlyKeys("timestream.measures");
    assertThat(errorsWith("timestream.table.partition.key", "site"))
        .containsOnlyKeys("timestream.table.partition.key");
    assertThat(
            errorsWith("timestream.max.in.flight", "50", "timestream.max.buffered.records", "1000"))
        .containsOnlyKeys("timestream.max.buffered.records");
    assertThat(
            errorsWith(
                "timestream.retry.backoff.ms", "5000", "timestream.retry.backoff.max.ms", "100"))
        .containsOnlyKeys("timestream.retry.backoff.max.ms");
    assertThat(errorsWith("timestream.dimensions", "a:x,b:x"))
        .containsOnlyKeys("timestream.dimensions");
  }

  @Test
  void shouldDeclareSecretsAsPasswords() {
    var def = TimestreamSinkConfig.CONFIG_DEF.configKeys();
    for (String secret :
        List.of(
            "timestream.aws.access.key.id",
            "timestream.aws.secret.access.key",
            "timestream.aws.session.token",
            "timestream.aws.role.external.id")) {
      assertThat(def.get(secret).type)
          .isEqualTo(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD);
    }
    Map<String, String> props = valid();
    props.put("timestream.aws.secret.access.key", "s3cr3t-value");
    assertThat(new TimestreamSinkConfig(props).toString()).doesNotContain("s3cr3t-value");
  }

  @Test
  void shouldReadErrorToleranceFromConnectSetting() {
    Map<String, String> props = valid();
    assertThat(new TimestreamSinkConfig(props).toleratesErrors()).isFalse();
    props.put("errors.tolerance", "all");
    assertThat(new TimestreamSinkConfig(props).toleratesErrors()).isTrue();
  }
}
