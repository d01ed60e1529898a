package dev.tskafka.streams.topology;

/**
 * Field access over one input record, whatever its format: the {@link ReadingParser} validates
 * through this view, so JSON and Avro records are judged by the same code.
 */
interface FieldSource {

  /** The named field's value, or null when the field is absent or null. */
  Value get(String name);

  /** A field value as the parser sees it; {@code toString()} shows it in dead-letter reasons. */
  interface Value {

    /**
     * The text of a scalar (string, enum symbol, number, boolean), or null for a value that is not
     * one (an object, record, map, array, bytes).
     */
    String text();

    /** The value as a double when it is a number, else null. */
    Double number();

    /**
     * Epoch milliseconds when the value is an integral number or a timestamp (Avro {@code
     * timestamp-millis}, {@code timestamp-micros}, ...), else null.
     */
    Long epochMillis();
  }
}
