package dev.tskafka.connector.aws;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Finds an HTTP/1.x answer in the bytes a connection has received so far: its status, the headers a
 * WriteRecords answer needs ({@code Content-Length}, {@code Transfer-Encoding: chunked}, {@code
 * Connection}, {@code x-amzn-ErrorType}) and its body, delimited by its length, its chunks or the
 * end of the connection. Interim (1xx) answers are skipped. A pure function of the bytes: called
 * again as more arrive, it says "not yet" until the answer is complete, at a cost of the head's
 * length, not the body's (a chunked body, which WriteRecords answers do not use, is read again each
 * time).
 */
final class HttpAnswerParser {
  /** The longest head read (status line and headers). */
  static final int MAX_HEAD_BYTES = 64 * 1024;

  /**
   * The largest body read: a WriteRecords answer is a few KB (rejections for 100 records ~20 KB); a
   * larger one is refused rather than allocated in the worker's heap.
   */
  static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  /** A complete answer, the bytes it took, and whether the connection stays usable after it. */
  record Parsed(KeepAliveHttpClient.Response response, int consumed, boolean keepAlive) {}

  private HttpAnswerParser() {}

  /**
   * The answer at the start of {@code bytes[0, length)}, or null while more bytes are needed.
   *
   * @param ended no more bytes will come (the server closed the connection)
   * @throws IOException the bytes are not an answer we read, or the connection ended inside one
   */
  static Parsed parse(byte[] bytes, int length, boolean ended) throws IOException {
    int at = 0;
    while (true) {
      int headEnd = headEnd(bytes, at, length);
      if (headEnd < 0) {
        if (length - at > MAX_HEAD_BYTES) {
          throw new IOException("answer head longer than " + MAX_HEAD_BYTES + " bytes");
        }
        if (ended) {
          throw new EOFException(
              length == 0
                  ? "connection closed before an answer"
                  : "connection closed inside an answer");
        }
        return null;
      }
      Head head = Head.parse(bytes, at, headEnd);
      if (head.status >= 100 && head.status < 200) {
        at = headEnd; // an interim answer (100 Continue): the final one follows
        continue;
      }
      return body(head, bytes, headEnd, length, ended);
    }
  }

  private static Parsed body(Head head, byte[] bytes, int from, int length, boolean ended)
      throws IOException {
    byte[] content;
    int end;
    boolean persistent = head.persistent;
    boolean closing = head.closing;
    if (head.chunked) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      end = chunks(bytes, from, length, out);
      if (end < 0) {
        return needMore(ended);
      }
      content = out.toByteArray();
      closing |=
          head.contentLength >= 0; // both framings: the length is ignored, trust neither after
    } else if (head.contentLength >= 0) {
      if (length - from < head.contentLength) {
        return needMore(ended);
      }
      end = from + (int) head.contentLength;
      content = slice(bytes, from, end);
    } else if (head.status == 204 || head.status == 304) {
      end = from;
      content = new byte[0];
    } else {
      if (!ended) {
        return null; // delimited by the end of the connection
      }
      if (length - from > MAX_BODY_BYTES) {
        throw new IOException("answer longer than 8 MB");
      }
      end = length;
      content = slice(bytes, from, end);
      persistent = false;
    }
    return new Parsed(
        new KeepAliveHttpClient.Response(head.status, head.errorType, content),
        end,
        persistent && !closing);
  }

  private static Parsed needMore(boolean ended) throws EOFException {
    if (ended) {
      throw new EOFException("connection closed inside an answer");
    }
    return null;
  }

  /** Reads the chunks from {@code at} into {@code out}: where they end, or -1 if incomplete. */
  private static int chunks(byte[] bytes, int at, int length, ByteArrayOutputStream out)
      throws IOException {
    while (true) {
      int lineEnd = lineEnd(bytes, at, length);
      if (lineEnd < 0) {
        return -1;
      }
      String size = text(bytes, at, lineEnd);
      at = lineEnd;
      int ext = size.indexOf(';');
      long n;
      try {
        n = Long.parseLong((ext >= 0 ? size.substring(0, ext) : size).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("malformed chunk size: " + abbreviate(size), e);
      }
      if (n == 0) {
        while (true) { // trailer headers, not needed, up to an empty line
          int trailerEnd = lineEnd(bytes, at, length);
          if (trailerEnd < 0) {
            return -1;
          }
          boolean empty = text(bytes, at, trailerEnd).isEmpty();
          at = trailerEnd;
          if (empty) {
            return at;
          }
        }
      }
      if (n < 0 || out.size() + n > MAX_BODY_BYTES) {
        throw new IOException(
            "unusable chunk size: " + abbreviate(size) + " (answers over 8 MB are refused)");
      }
      if (length - at < n) {
        return -1;
      }
      out.write(bytes, at, (int) n);
      at += (int) n;
      int dataEnd = lineEnd(bytes, at, length);
      if (dataEnd < 0) {
        return -1;
      }
      if (!text(bytes, at, dataEnd).isEmpty()) {
        throw new IOException("malformed chunk: no line end after its data");
      }
      at = dataEnd;
    }
  }

  /** The status line and the headers that matter. */
  private static final class Head {
    int status;
    long contentLength = -1;
    boolean chunked;
    boolean persistent;
    boolean closing;
    String errorType;

    static Head parse(byte[] bytes, int at, int end) throws IOException {
      Head head = new Head();
      int lineEnd = lineEnd(bytes, at, end);
      String status = text(bytes, at, lineEnd);
      at = lineEnd;
      // "HTTP/1.1 200 OK"
      if (!status.startsWith("HTTP/1.") || status.length() < 12) {
        throw new IOException("not an HTTP/1.x answer: " + abbreviate(status));
      }
      try {
        head.status = Integer.parseInt(status.substring(9, 12));
      } catch (NumberFormatException e) {
        throw new IOException("malformed status line: " + abbreviate(status), e);
      }
      head.persistent = status.charAt(7) != '0'; // HTTP/1.0 closes unless it says keep-alive
      for (; at < end; at = lineEnd) {
        lineEnd = lineEnd(bytes, at, end);
        String header = text(bytes, at, lineEnd);
        if (header.isEmpty()) {
          break;
        }
        head.header(header);
      }
      return head;
    }

    private void header(String header) throws IOException {
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
  }

  /** Where the head starting at {@code at} ends (after its empty line), or -1. */
  private static int headEnd(byte[] bytes, int at, int length) {
    for (int lineStart = at; lineStart < length; ) {
      int lineEnd = lineEnd(bytes, lineStart, length);
      if (lineEnd < 0) {
        return -1;
      }
      if (lineStart > at
          && (lineEnd - lineStart == 1 || lineEnd - lineStart == 2 && bytes[lineStart] == '\r')) {
        return lineEnd;
      }
      lineStart = lineEnd;
    }
    return -1;
  }

  /** Where the line starting at {@code at} ends (after its LF), or -1 if it is incomplete. */
  private static int lineEnd(byte[] bytes, int at, int length) {
    for (int i = at; i < length; i++) {
      if (bytes[i] == '\n') {
        return i + 1;
      }
    }
    return -1;
  }

  /** The line from {@code at} to {@code end} without its CRLF (a bare LF is accepted too). */
  private static String text(byte[] bytes, int at, int end) {
    int stop = end;
    if (stop > at && bytes[stop - 1] == '\n') {
      stop--;
    }
    if (stop > at && bytes[stop - 1] == '\r') {
      stop--;
    }
    return new String(bytes, at, stop - at, StandardCharsets.ISO_8859_1);
  }

  private static byte[] slice(byte[] bytes, int from, int to) {
    byte[] out = new byte[to - from];
    System.arraycopy(bytes, from, out, 0, out.length);
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
