package dev.tskafka.connector.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tskafka.connector.mapping.TsTimeUnit;
import dev.tskafka.connector.write.WriteException;
import dev.tskafka.connector.write.WriteResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WriteRecordsAnswerTest {
  static final List<dev.tskafka.connector.mapping.TsRecord> THREE =
      List.of(
          WriteRecordsJsonTest.single("cpu", "1", TsTimeUnit.MILLISECONDS, 5L),
          WriteRecordsJsonTest.single("cpu", "2", TsTimeUnit.MILLISECONDS, 5L),
          WriteRecordsJsonTest.single("cpu", "3", TsTimeUnit.MILLISECONDS, null));

  static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static WriteException.Kind kindOf(int status, String header, String body) {
    try {
      WriteRecordsAnswer.read(status, header, json(body), THREE, "db.t");
    } catch (WriteException e) {
      return e.kind();
    }
    throw new AssertionError("no WriteException");
  }

  @Test
  void shouldTakeA200AsAllWritten() {
    assertThat(WriteRecordsAnswer.read(200, null, json("{\"RecordsIngested\":{}}"), THREE, "t"))
        .isEqualTo(WriteResult.ALL_WRITTEN);
  }

  @Test
  void shouldNameRejectedRecordsAndTellSupersededFromRejected() {
    WriteResult result =
        WriteRecordsAnswer.read(
            419,
            null,
            json(
                "{\"__type\":\"com.amazonaws.timestream.v20181101#RejectedRecordsException\","
                    + "\"Message\":\"One or more records have been rejected.\",\"RejectedRecords\":["
                    + "{\"RecordIndex\":0,\"Reason\":\"A newer version exists\",\"ExistingVersion\":9},"
                    + "{\"RecordIndex\":1,\"Reason\":\"Same version, other value\",\"ExistingVersion\":5},"
                    + "{\"RecordIndex\":2,\"Reason\":\"The record timestamp is outside the time range\"}]}"),
            THREE,
            "t");
    assertThat(result.superseded()).isEqualTo(Set.of(0));
    assertThat(result.rejections())
        .isEqualTo(
            Map.of(
                1,
                "Timestream rejected the record: Same version, other value (existing version 5)",
                2,
                "Timestream rejected the record: The record timestamp is outside the time range"));
  }

  @Test
  void shouldClassifyErrorsAsTheSdkReadsThem() {
    assertThat(kindOf(400, null, "{\"__type\":\"com.amazonaws.timestream#ThrottlingException\"}"))
        .isEqualTo(WriteException.Kind.THROTTLED);
    assertThat(kindOf(429, null, "{}")).isEqualTo(WriteException.Kind.THROTTLED);
    assertThat(kindOf(500, null, "{\"__type\":\"x#InternalServerException\",\"message\":\"m\"}"))
        .isEqualTo(WriteException.Kind.TRANSIENT);
    assertThat(kindOf(503, null, "not json")).isEqualTo(WriteException.Kind.TRANSIENT);
    assertThat(kindOf(400, "ValidationException:http://internal", "{}"))
        .isEqualTo(WriteException.Kind.INVALID_REQUEST);
    assertThat(kindOf(400, null, "{\"__type\":\"com.amazon.coral.validate#ValidationException\"}"))
        .isEqualTo(WriteException.Kind.INVALID_REQUEST);
    assertThat(kindOf(403, null, "{\"__type\":\"x#AccessDeniedException\"}"))
        .isEqualTo(WriteException.Kind.FATAL);
    assertThat(kindOf(400, null, "{\"__type\":\"x#InvalidEndpointException\"}"))
        .isEqualTo(WriteException.Kind.TRANSIENT);
  }

  @Test
  void shouldNameAMissingTableAndTheServiceMessage() {
    assertThatThrownBy(
            () ->
                WriteRecordsAnswer.read(
                    400,
                    null,
                    json(
                        "{\"__type\":\"x#ResourceNotFoundException\",\"Message\":\"The table t does not exist.\"}"),
                    THREE,
                    "db.t"))
        .isInstanceOf(WriteException.class)
        .hasMessageContaining("table db.t does not exist")
        .hasMessageContaining("ResourceNotFoundException: The table t does not exist.")
        .extracting(e -> ((WriteException) e).kind())
        .isEqualTo(WriteException.Kind.FATAL);
  }
}
