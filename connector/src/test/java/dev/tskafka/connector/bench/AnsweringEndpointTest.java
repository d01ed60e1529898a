package dev.tskafka.connector.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

  @Test
  @Timeout(30)
  void countsWriteRecordsSentWithALengthOrChunkedOnOneKeptAliveConnection() throws Exception {
    AnsweringEndpoint endpoint = new AnsweringEndpoint(0);
    endpoint.start();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
      socket.setSoTimeout(10_000); // a server that stops answering fails the test, not hangs it
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      String body =
          "{\"DatabaseName\":\"db\",\"TableName\":\"t\",\"Records\":[{\"Time\":\"1\"},"
              + "{\"Time\":\"2\"}]}";
      out.write(writeRecords(body));
      assertThat(answer(in))
          .endsWith(
              "{\"RecordsIngested\":{\"Total\":2,\"MemoryStore\":2," + "\"MagneticStore\":0}}");
      out.write(
          ("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: Timestream_20181101.WriteRecords\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n"
                  + Integer.toHexString(10)
                  + "\r\n"
                  + body.substring(0, 10)
                  + "\r\n"
                  + Integer.toHexString(body.length() - 10)
                  + ";ext=1\r\n"
                  + body.substring(10)
                  + "\r\n0\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      assertThat(answer(in)).contains("\"Total\":2");
      out.write(
          "GET /_bench/count?table=t HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.UTF_8));
      assertThat(answer(in)).endsWith("\r\n\r\n4");
      assertThat(in.read()).as("closed after Connection: close").isEqualTo(-1);
    } finally {
      endpoint.stop();
    }
  }

  @Test
  @Timeout(30)
  void holdsEachWriteRecordsAnswerForTheInjectedLatencyOnAKeptAliveConnection() throws Exception {
    AnsweringEndpoint endpoint = new AnsweringEndpoint(0);
    endpoint.start();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      String latency = "200";
      out.write(
          ("PUT /_bench/latency HTTP/1.1\r\nHost: x\r\nContent-Length: "
                  + latency.length()
                  + "\r\n\r\n"
                  + latency)
              .getBytes(StandardCharsets.UTF_8));
      assertThat(answer(in)).startsWith("HTTP/1.1 200");
      String body = "{\"DatabaseName\":\"db\",\"TableName\":\"t\",\"Records\":[{\"Time\":\"1\"}]}";
      for (int call = 0; call < 2; call++) {
        long sent = System.nanoTime();
        out.write(writeRecords(body));
        assertThat(answer(in)).contains("\"Total\":1");
        assertThat(System.nanoTime() - sent)
            .as("answered no sooner than the latency, call " + call)
            .isGreaterThanOrEqualTo(200_000_000L);
      }
    } finally {
      endpoint.stop();
    }
  }

  /** A WriteRecords request with a Content-Length. */
  private static byte[] writeRecords(String body) {
    return ("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: Timestream_20181101.WriteRecords\r\n"
            + "Content-Length: "
            + body.length()
            + "\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** One answer, read by its Content-Length. */
  private static String answer(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("answer ended early: " + head).isNotNegative();
      head.append((char) b);
    }
    Matcher length = Pattern.compile("Content-Length: (\\d+)").matcher(head);
    assertThat(length.find()).as(head.toString()).isTrue();
    byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
    return head + new String(body, StandardCharsets.UTF_8);
  }
}
