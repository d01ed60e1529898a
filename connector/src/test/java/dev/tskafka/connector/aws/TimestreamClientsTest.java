package dev.tskafka.connector.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tskafka.connector.config.TimestreamSinkConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

class TimestreamClientsTest {
  private static Map<String, String> config() {
    Map<String, String> props = new HashMap<>();
    props.put("timestream.database", "IoTDatabase");
    props.put("timestream.table", "SensorData");
    props.put("timestream.dimensions", "device_id");
    props.put("timestream.region", "eu-west-1");
    return props;
  }

  @Test
  void assumeRoleCredentialsGetAnStsClientWithAnHttpClient() {
    Map<String, String> props = config();
    props.put("timestream.credentials.provider", "ASSUME_ROLE");
    props.put("timestream.aws.role.arn", "arn:aws:iam::123456789012:role/writer");

    // Building the STS client fails ("Unable to load an HTTP implementation") without one.
    AwsCredentialsProvider credentials =
        TimestreamClients.credentials(new TimestreamSinkConfig(props));

    assertThat(credentials).isInstanceOf(StsAssumeRoleCredentialsProvider.class);
    ((StsAssumeRoleCredentialsProvider) credentials).close();
  }

  @Test
  void clientsForAnEndpointOverrideBuildWithoutCallingIt() {
    Map<String, String> props = config();
    props.put("timestream.endpoint", "http://127.0.0.1:1");
    props.put("timestream.credentials.provider", "STATIC");
    props.put("timestream.aws.access.key.id", "key");
    props.put("timestream.aws.secret.access.key", "secret");

    try (TimestreamClients.Clients clients =
        TimestreamClients.create(new TimestreamSinkConfig(props))) {
      assertThat(clients.control().serviceClientConfiguration().region().id())
          .isEqualTo("eu-west-1");
    }
  }
}
