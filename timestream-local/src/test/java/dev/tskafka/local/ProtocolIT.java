package dev.tskafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wire as a raw HTTP client sees it: bad input gets the service's error shape, never a crash.
 */
class ProtocolIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static TimestreamLocal local;

  @BeforeAll
  static void start() {
    local = TimestreamLocal.builder().maxBodyBytes(64 * 1024).start();
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  private static HttpResponse<String> post(
      String target, String contentType, String body, boolean signed) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(local.endpoint().resolve("/"))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (target != null) {
      request.header("X-Amz-Target", target);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (signed) {
      request.header(
          "Authorization",
          "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/timestream/aws4_request");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String target, String body) throws Exception {
    return post(target, "application/x-amz-json-1.0", body, true);
  }

  private static void assertServiceError(HttpResponse<String> response, int status, String type)
      throws Exception {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/x-amz-json-1.0");
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("__type").asText()).endsWith("#" + type);
    assertThat(body.get("Message").asText()).isNotBlank();
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
  }

  @Test
  void shouldAnswerMalformedJsonWithSerializationException() throws Exception {
    assertServiceError(
        post("Timestream_20181101.ListDatabases", "{not json"), 400, "SerializationException");
  }

  @Test
  void shouldAnswerWrongMemberTypeWithSerializationException() throws Exception {
    assertServiceError(
        post("Timestream_20181101.ListDatabases", "{\"MaxResults\":\"ten\"}"),
        400,
        "SerializationException");
  }

  @Test
  void shouldAnswerUnknownTargetWithUnknownOperation() throws Exception {
    assertServiceError(
        post("Timestream_20181101.Frobnicate", "{}"), 404, "UnknownOperationException");
    assertServiceError(post(null, "{}"), 404, "UnknownOperationException");
  }

  @Test
  void shouldRefuseWrongContentType() throws Exception {
    assertServiceError(
        post("Timestream_20181101.ListDatabases", "text/plain", "{}", true),
        400,
        "SerializationException");
  }

  @Test
  void shouldRefuseUnsignedRequest() throws Exception {
    assertServiceError(
        post("Timestream_20181101.ListDatabases", "application/x-amz-json-1.0", "{}", false),
        403,
        "MissingAuthenticationTokenException");
  }

  @Test
  void shouldRefuseBodyOverTheLimitWithoutDroppingTheConnection() throws Exception {
    String huge = "{\"DatabaseName\":\"" + "x".repeat(200_000) + "\"}";

    assertServiceError(
        post("Timestream_20181101.DescribeDatabase", huge), 413, "RequestEntityTooLargeException");

    // On one connection: the whole oversized body sent, its 413 read, then a second call answered.
    URI endpoint = local.endpoint();
    try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(rawPost("ListDatabases", huge));
      out.flush();
      assertThat(readAnswer(in)).startsWith("HTTP/1.1 413 ");
      out.write(rawPost("ListDatabases", "{}"));
      out.flush();
      assertThat(readAnswer(in)).startsWith("HTTP/1.1 200 ");
    }
  }

  private static byte[] rawPost(String operation, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\n"
            + "X-Amz-Target: Timestream_20181101."
            + operation
            + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/timestream/"
            + "aws4_request\r\nContent-Length: "
            + bytes.length
            + "\r\n\r\n";
    byte[] head8 = head.getBytes(StandardCharsets.US_ASCII);
    byte[] request = Arrays.copyOf(head8, head8.length + bytes.length);
    System.arraycopy(bytes, 0, request, head8.length, bytes.length);
    return request;
  }

  /** One answer's status line and headers, its Content-Length body consumed. */
  private static String readAnswer(InputStream in) throws Exception {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new java.io.EOFException("connection closed after: " + head);
      }
      head.append((char) b);
    }
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
    assertThat(length.find()).as("Content-Length in %s", head).isTrue();
    in.readNBytes(Integer.parseInt(length.group(1)));
    return head.toString();
  }

  @Test
  void shouldAnswerRejectedRecordsWith419AndTheirIndexes() throws Exception {
    post("Timestream_20181101.CreateDatabase", "{\"DatabaseName\":\"wire\"}");
    post("Timestream_20181101.CreateTable", "{\"DatabaseName\":\"wire\",\"TableName\":\"tab1\"}");
    String body =
        "{\"DatabaseName\":\"wire\",\"TableName\":\"tab1\",\"Records\":[{\"Dimensions\":[{\"Name\":\"h\",\"Value\":\"a\"}],"
            + "\"MeasureName\":\"cpu\",\"MeasureValue\":\"1\",\"Time\":\"1\"}]}";

    HttpResponse<String> response = post("Timestream_20181101.WriteRecords", body);

    assertServiceError(response, 419, "RejectedRecordsException");
    JsonNode rejected = JSON.readTree(response.body()).get("RejectedRecords");
    assertThat(rejected.get(0).get("RecordIndex").asInt()).isZero();
    assertThat(rejected.get(0).get("Reason").asText()).contains("outside the time range");
  }

  @Test
  void shouldAnswerSuccessWithEpochSecondTimestamps() throws Exception {
    HttpResponse<String> response =
        post("Timestream_20181101.CreateDatabase", "{\"DatabaseName\":\"times\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode created = JSON.readTree(response.body()).get("Database").get("CreationTime");
    assertThat(created.isNumber()).isTrue();
    assertThat(created.asDouble())
        .isBetween(
            System.currentTimeMillis() / 1000.0 - 60, System.currentTimeMillis() / 1000.0 + 60);
  }

  @Test
  void shouldServeAdminHealthOutsideTheAwsProtocol() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(local.endpoint() + "/_local/health")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("status").asText()).isEqualTo("UP");
  }
}
