package dev.tskafka.connector.mapping;

/** UTF-8 byte lengths without encoding: Timestream's limits count bytes, not chars. */
final class Utf8 {
  private Utf8() {}

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
