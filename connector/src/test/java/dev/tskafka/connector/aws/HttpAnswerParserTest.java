package dev.tskafka.connector.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpAnswerParserTest {
  @Test
  void anAnswerArrivingInPiecesIsNotReadUntilItsLastByte() throws Exception {
    String[] answers = {
      "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{\"a\":\"b\"}",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n4;x=1\r\n\"b\"}\r\n0\r\nT: 1\r\n\r\n",
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{\"a\":\"b\"}",
      "HTTP/1.1 200 OK\nContent-Length: 9\n\n{\"a\":\"b\"}",
    };
    for (String answer : answers) {
      byte[] bytes = answer.getBytes(StandardCharsets.ISO_8859_1);
      for (int length = 0; length < bytes.length; length++) {
        assertNull(HttpAnswerParser.parse(bytes, length, false), answer + " cut at " + length);
        int cut = length;
        assertThrows(
            EOFException.class,
            () -> HttpAnswerParser.parse(bytes, cut, true),
            "the server closing at " + cut);
      }

      HttpAnswerParser.Parsed parsed = HttpAnswerParser.parse(bytes, bytes.length, false);

      assertEquals(200, parsed.response().status());
      assertEquals("{\"a\":\"b\"}", new String(parsed.response().body(), StandardCharsets.UTF_8));
      assertEquals(bytes.length, parsed.consumed(), answer);
      assertTrue(parsed.keepAlive(), answer);
    }
  }

  @Test
  void anAnswerWithoutALengthEndsWithTheConnection() throws Exception {
    byte[] bytes = "HTTP/1.1 200 OK\r\n\r\n{}".getBytes(StandardCharsets.ISO_8859_1);

    assertNull(HttpAnswerParser.parse(bytes, bytes.length, false));
    HttpAnswerParser.Parsed parsed = HttpAnswerParser.parse(bytes, bytes.length, true);

    assertEquals("{}", new String(parsed.response().body(), StandardCharsets.UTF_8));
    assertFalse(parsed.keepAlive());
  }

  @Test
  void bytesPastTheAnswerAreNotConsumed() throws Exception {
    String first = "HTTP/1.1 204 No Content\r\nx-amzn-ErrorType: X\r\n\r\n";
    byte[] bytes =
        (first + "HTTP/1.1 408 Request Timeout\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

    HttpAnswerParser.Parsed parsed = HttpAnswerParser.parse(bytes, bytes.length, false);

    assertEquals(204, parsed.response().status());
    assertEquals("X", parsed.response().errorType());
    assertEquals(first.length(), parsed.consumed());
  }

  @Test
  void anHttp10AnswerClosesTheConnectionUnlessItSaysKeepAlive() throws Exception {
    byte[] closing =
        "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] kept =
        "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    assertFalse(HttpAnswerParser.parse(closing, closing.length, false).keepAlive());
    assertTrue(HttpAnswerParser.parse(kept, kept.length, false).keepAlive());
  }
}
