package dev.tskafka.connector.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnsweringEndpointTest {
  private static int count(String body) {
    return AnsweringEndpoint.countRecords(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void countsTheObjectsOfTheTopLevelRecordsArray() {
    assertThat(
            count(
                "{\"DatabaseName\":\"db\",\"TableName\":\"Records\",\"CommonAttributes\":"
                    + "{\"Dimensions\":[{\"Name\":\"Records\",\"Value\":\"x\"}]},\"Records\":"
                    + " [ {\"Dimensions\":[{\"Name\":\"a\",\"Value\":\"b\"}],\"MeasureValues\":"
                    + "[{\"Name\":\"m\",\"Value\":\"1\",\"Type\":\"DOUBLE\"}],\"Time\":\"1\"},"
                    + "{\"Dimensions\":[{\"Name\":\"a\",\"Value\":\"c\"}],\"Time\":\"2\"},"
                    + "{\"Dimensions\":[],\"Time\":\"3\"}]}"))
        .isEqualTo(3);
  }

  @Test
  void bracesAndQuotesInsideStringsDoNotCount() {
    assertThat(
            count(
                "{\"TableName\":\"t\",\"Records\":[{\"Dimensions\":[{\"Name\":\"n\",\"Value\":"
                    + "\"{\\\"Records\\\":[{},{}]}\\\\\"}],\"Time\":\"1\"}],\"Extra\":"
                    + "{\"Records\":[{},{}]}}"))
        .isEqualTo(1);
  }

  @Test
  void aBodyWithoutRecordsCountsNone() {
    assertThat(count("{\"DatabaseName\":\"db\",\"TableName\":\"t\"}")).isZero();
    assertThat(count("{\"DatabaseName\":\"db\",\"TableName\":\"t\",\"Records\":[]}")).isZero();
  }
}
