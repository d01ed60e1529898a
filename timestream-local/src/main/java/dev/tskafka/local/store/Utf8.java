package dev.tskafka.local.store;

/** UTF-8 byte lengths without encoding: Timestream's limits are in bytes, not characters. */
public final class Utf8 {
  private Utf8() {}

  /** The number of bytes {@code text} takes in UTF-8. */
  public static int length(CharSequence text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
