package dev.tskafka.connector.aws;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing UTF-8 byte buffer for JSON that the caller shapes itself: constant fragments are copied
 * as pre-encoded bytes, strings are escaped as RFC 8259 requires (quote, backslash and control
 * characters; everything else as UTF-8, unpaired surrogates as {@code \\uXXXX}), numbers are
 * written in decimal. No nesting checks: {@link WriteRecordsJson} owns the structure, and its test
 * parses what it writes.
 */
final class JsonBytes {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private byte[] buf;
  private int size;

  JsonBytes(int capacity) {
    buf = new byte[Math.max(64, capacity)];
  }

  /** Pre-encodes a constant fragment (ASCII JSON syntax and member names). */
  static byte[] fragment(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  JsonBytes raw(byte[] fragment) {
    ensure(fragment.length);
    System.arraycopy(fragment, 0, buf, size, fragment.length);
    size += fragment.length;
    return this;
  }

  /** A JSON string, quotes included. */
  JsonBytes string(String s) {
    int n = s.length();
    ensure(n + 2);
    byte[] b = buf;
    int at = size;
    b[at++] = '"';
    int i = 0;
    // ASCII without anything to escape: one byte per char, the usual case.
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
        break;
      }
      b[at++] = (byte) c;
    }
    size = at;
    if (i < n) {
      escaped(s, i);
    }
    ensure(1);
    buf[size++] = '"';
    return this;
  }

  private void escaped(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      ensure(12);
      byte[] b = buf;
      if (c == '"' || c == '\\') {
        b[size++] = '\\';
        b[size++] = (byte) c;
      } else if (c < 0x20) {
        switch (c) {
          case '\n' -> two('n');
          case '\r' -> two('r');
          case '\t' -> two('t');
          case '\b' -> two('b');
          case '\f' -> two('f');
          default -> unicodeEscape(c);
        }
      } else if (c < 0x80) {
        b[size++] = (byte) c;
      } else if (c < 0x800) {
        b[size++] = (byte) (0xc0 | (c >> 6));
        b[size++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[size++] = (byte) (0xf0 | (cp >> 18));
        b[size++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        b[size++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        b[size++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        unicodeEscape(c); // unpaired: not encodable as UTF-8
      } else {
        b[size++] = (byte) (0xe0 | (c >> 12));
        b[size++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        b[size++] = (byte) (0x80 | (c & 0x3f));
      }
    }
  }

  private void two(char escape) {
    buf[size++] = '\\';
    buf[size++] = (byte) escape;
  }

  private void unicodeEscape(char c) {
    buf[size++] = '\\';
    buf[size++] = 'u';
    buf[size++] = HEX[(c >> 12) & 0xf];
    buf[size++] = HEX[(c >> 8) & 0xf];
    buf[size++] = HEX[(c >> 4) & 0xf];
    buf[size++] = HEX[c & 0xf];
  }

  /** A JSON string holding a decimal number, as Timestream's Time member is. */
  JsonBytes quotedNumber(long v) {
    ensure(22);
    buf[size++] = '"';
    number(v);
    buf[size++] = '"';
    return this;
  }

  JsonBytes number(long v) {
    ensure(20);
    if (v == Long.MIN_VALUE) {
      return raw(fragment(Long.toString(v)));
    }
    if (v < 0) {
      buf[size++] = '-';
      v = -v;
    }
    int start = size;
    do {
      buf[size++] = (byte) ('0' + (v % 10));
      v /= 10;
    } while (v != 0);
    for (int i = start, j = size - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
    return this;
  }

  JsonBytes comma() {
    ensure(1);
    buf[size++] = ',';
    return this;
  }

  /** The buffer itself, without a copy: its first {@link #size()} bytes are the JSON. */
  byte[] array() {
    return buf;
  }

  int size() {
    return size;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
