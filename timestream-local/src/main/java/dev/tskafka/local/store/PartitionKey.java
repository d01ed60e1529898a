package dev.tskafka.local.store;

/**
 * One entry of a table's composite partition key.
 *
 * @param type DIMENSION or MEASURE
 * @param name the dimension name, or null for MEASURE
 * @param enforcement REQUIRED, OPTIONAL, or null when unset
 */
public record PartitionKey(String type, String name, String enforcement) {
  /** The partition key a table gets when CreateTable names none: the measure name. */
  public static final PartitionKey DEFAULT = new PartitionKey("MEASURE", null, null);

  /** Whether records must carry this key's dimension. */
  public boolean requiresDimension() {
    return "DIMENSION".equals(type) && "REQUIRED".equals(enforcement);
  }
}
