package dev.tskafka.connector.aws;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads HTTP/1.x answers from one connection, one after the other: the status, the headers a
 * WriteRecords answer needs ({@code Content-Length}, {@code Transfer-Encoding: chunked}, {@code
 * Connection}, {@code x-amzn-ErrorType}) and the body, delimited by its length, its chunks or the
 * end of the connection. Interim (1xx) answers are skipped.
 */
final class HttpAnswerReader {
  private static final int MAX_LINE_BYTES = 64 * 1024;

  /**
   * The largest body read: a WriteRecords answer is a few KB (rejections for 100 records ~20 KB); a
   * larger one is refused rather than allocated in the worker's heap.
   */
  private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  private final InputStream in;
  private final byte[] readBuffer = new byte[8192];
  private int readPos;
  private int readLimit;
  private boolean answerStarted;
  private boolean keepAlive;

  HttpAnswerReader(InputStream in) {
    this.in = in;
  }

  /** Whether any byte of the last answer arrived. */
  boolean answerStarted() {
    return answerStarted;
  }

  /** Whether the last answer leaves the connection open for another request. */
  boolean keepAlive() {
    return keepAlive;
  }

  /** A new request is about to be sent: nothing of its answer has arrived yet. */
  void startCall() {
    answerStarted = false;
    keepAlive = false;
  }

  /** Whether bytes past the last answer were read: the connection is out of step. */
  boolean hasUnreadBytes() {
    return readPos < readLimit;
  }

  /** The next answer ({@link #startCall} before its request is sent). */
  KeepAliveHttpClient.Response read() throws IOException {
    while (true) {
      String status = line(true);
      answerStarted = true;
      // "HTTP/1.1 200 OK"
      if (!status.startsWith("HTTP/1.") || status.length() < 12) {
        throw new IOException("not an HTTP/1.x answer: " + abbreviate(status));
      }
      int code = parseStatus(status);
      boolean http10 = status.charAt(7) == '0';
      long contentLength = -1;
      boolean chunked = false;
      boolean persistent = !http10;
      boolean closing = false;
      String errorType = null;
      for (String header = line(false); !header.isEmpty(); header = line(false)) {
        int colon = header.indexOf(':');
        if (colon <= 0) {
          throw new IOException("malformed header line: " + abbreviate(header));
        }
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> {
            long length = parseLength(value);
            if (contentLength >= 0 && contentLength != length) {
              throw new IOException("conflicting Content-Length headers");
            }
            contentLength = length;
          }
          case "transfer-encoding" -> {
            if (!value.equalsIgnoreCase("chunked")) {
              throw new IOException("unsupported Transfer-Encoding: " + abbreviate(value));
            }
            chunked = true;
          }
          case "connection" -> {
            String v = value.toLowerCase(Locale.ROOT);
            closing |= v.contains("close");
            persistent |= v.contains("keep-alive");
          }
          case "x-amzn-errortype" -> errorType = value;
          default -> {
            // not needed
          }
        }
      }
      if (code >= 100 && code < 200) {
        continue; // an interim answer (100 Continue): the final one follows
      }
      byte[] content;
      if (chunked) {
        content = chunkedBody();
        closing |= contentLength >= 0; // both framings: the length is ignored, trust neither after
      } else if (contentLength >= 0) {
        content = bytes((int) contentLength);
      } else if (code == 204 || code == 304) {
        content = new byte[0];
      } else {
        content = rest(); // delimited by the end of the connection
        persistent = false;
      }
      keepAlive = persistent && !closing;
      return new KeepAliveHttpClient.Response(code, errorType, content);
    }
  }

  private static int parseStatus(String status) throws IOException {
    try {
      return Integer.parseInt(status.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new IOException("malformed status line: " + abbreviate(status), e);
    }
  }

  private static long parseLength(String value) throws IOException {
    try {
      long length = Long.parseLong(value);
      if (length < 0 || length > MAX_BODY_BYTES) {
        throw new IOException("unusable Content-Length: " + value);
      }
      return length;
    } catch (NumberFormatException e) {
      throw new IOException("malformed Content-Length: " + abbreviate(value), e);
    }
  }

  private byte[] chunkedBody() throws IOException {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    while (true) {
      String size = line(false);
      int ext = size.indexOf(';');
      long n;
      try {
        n = Long.parseLong((ext >= 0 ? size.substring(0, ext) : size).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("malformed chunk size: " + abbreviate(size), e);
      }
      if (n == 0) {
        while (!line(false).isEmpty()) {
          // trailer headers: not needed
        }
        return content.toByteArray();
      }
      if (n < 0 || content.size() + n > MAX_BODY_BYTES) {
        throw new IOException(
            "unusable chunk size: " + abbreviate(size) + " (answers over 8 MB are refused)");
      }
      byte[] chunk = bytes((int) n);
      content.write(chunk, 0, chunk.length);
      if (!line(false).isEmpty()) {
        throw new IOException("malformed chunk: no line end after its data");
      }
    }
  }

  private int fillAndRead() throws IOException {
    int n = in.read(readBuffer, 0, readBuffer.length);
    if (n <= 0) {
      return -1;
    }
    readPos = 1;
    readLimit = n;
    return readBuffer[0] & 0xff;
  }

  /** The next {@code n} bytes of the answer. */
  private byte[] bytes(int n) throws IOException {
    byte[] out = new byte[n];
    int have = Math.min(n, readLimit - readPos);
    System.arraycopy(readBuffer, readPos, out, 0, have);
    readPos += have;
    while (have < n) {
      int r = in.read(out, have, n - have);
      if (r < 0) {
        throw new EOFException("answer ended after " + have + " of " + n + " bytes");
      }
      have += r;
    }
    return out;
  }

  /** The answer's bytes up to the end of the connection. */
  private byte[] rest() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(readBuffer, readPos, readLimit - readPos);
    readPos = readLimit;
    byte[] chunk = new byte[8192];
    for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
      out.write(chunk, 0, n);
      if (out.size() > MAX_BODY_BYTES) {
        throw new IOException("answer longer than 8 MB");
      }
    }
    return out.toByteArray();
  }

  /** One line without its CRLF (a bare LF is accepted too). */
  private String line(boolean first) throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = readPos < readLimit ? readBuffer[readPos++] & 0xff : fillAndRead();
      if (b < 0) {
        throw new EOFException(
            first ? "connection closed before an answer" : "connection closed inside an answer");
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() >= MAX_LINE_BYTES) {
        throw new IOException("answer line longer than " + MAX_LINE_BYTES + " bytes");
      }
      line.append((char) b);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
