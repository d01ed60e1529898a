package dev.tskafka.local.store;

/** A dimension of a stored record: its name and VARCHAR value. */
public record Dimension(String name, String value) implements Comparable<Dimension> {
  @Override
  public int compareTo(Dimension other) {
    int byName = name.compareTo(other.name);
    return byName != 0 ? byName : value.compareTo(other.value);
  }
}
