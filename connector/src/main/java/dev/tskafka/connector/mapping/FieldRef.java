package dev.tskafka.connector.mapping;

import java.util.List;

/**
 * Where a value comes from in a Kafka record. Written in configuration as:
 *
 * <ul>
 *   <li>{@code a.b.c}: a field of the record value, by path through structs and maps;
 *   <li>{@code $key} or {@code $key.a.b}: the record key, or a field of it;
 *   <li>{@code $header.name}: the value of the last header with that name;
 *   <li>{@code $topic}, {@code $partition}, {@code $offset}: the record's coordinates;
 *   <li>{@code $value.a.b}: a value field whose name starts with {@code $}.
 * </ul>
 */
public record FieldRef(Source source, List<String> path, String text) {

  public FieldRef {
    path = List.copyOf(path);
  }

  public enum Source {
    VALUE,
    KEY,
    HEADER,
    TOPIC,
    PARTITION,
    OFFSET
  }

  /** Parses a reference, throwing IllegalArgumentException with a reason when it is malformed. */
  public static FieldRef parse(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("a field reference cannot be empty");
    }
    if (!t.startsWith("$")) {
      return new FieldRef(Source.VALUE, segments(t, t), t);
    }
    if (t.equals("$topic")) {
      return new FieldRef(Source.TOPIC, List.of(), t);
    }
    if (t.equals("$partition")) {
      return new FieldRef(Source.PARTITION, List.of(), t);
    }
    if (t.equals("$offset")) {
      return new FieldRef(Source.OFFSET, List.of(), t);
    }
    if (t.equals("$key")) {
      return new FieldRef(Source.KEY, List.of(), t);
    }
    if (t.startsWith("$key.")) {
      return new FieldRef(Source.KEY, segments(t.substring(5), t), t);
    }
    if (t.startsWith("$header.") && t.length() > 8) {
      return new FieldRef(Source.HEADER, List.of(t.substring(8)), t);
    }
    if (t.startsWith("$value.")) {
      return new FieldRef(Source.VALUE, segments(t.substring(7), t), t);
    }
    throw new IllegalArgumentException(
        "'"
            + t
            + "' is not a field reference: use a value path (a.b), $key, $key.path, $header.name,"
            + " $topic, $partition or $offset");
  }

  private static List<String> segments(String path, String whole) {
    List<String> parts = List.of(path.split("\\.", -1));
    if (parts.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("'" + whole + "' has an empty path segment");
    }
    return parts;
  }

  /** The name a dimension or measure takes when configuration does not rename it. */
  public String defaultName() {
    return switch (source) {
      case TOPIC -> "topic";
      case PARTITION -> "partition";
      case OFFSET -> "offset";
      case KEY -> path.isEmpty() ? "key" : path.get(path.size() - 1);
      case HEADER, VALUE -> path.get(path.size() - 1);
    };
  }

  @Override
  public String toString() {
    return text;
  }
}
