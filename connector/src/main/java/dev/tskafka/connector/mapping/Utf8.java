package dev.tskafka.connector.mapping;

/** UTF-8 byte lengths without encoding: Timestream's limits count bytes, not chars. */
final class Utf8 {
  private Utf8() {}

  /**
   * Whether the UTF-8 form of {@code s} is longer than {@code maxBytes}, without counting when the
   * char count settles it (a char is 1 to 3 bytes; a surrogate pair is 4 bytes for 2 chars).
   */
  static boolean longerThan(String s, int maxBytes) {
    int chars = s.length();
    if (chars > maxBytes) {
      return true;
    }
    return chars * 3L > maxBytes && length(s) > maxBytes;
  }

  static int length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
