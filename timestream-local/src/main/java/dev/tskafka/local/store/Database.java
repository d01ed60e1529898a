package dev.tskafka.local.store;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** A database and its tables, ordered by name for stable pagination. */
public final class Database {
  private final String name;
  private final Instant creationTime;
  private final Map<String, String> tags;
  private volatile String kmsKeyId;
  private volatile Instant lastUpdatedTime;
  final ConcurrentSkipListMap<String, Table> tables = new ConcurrentSkipListMap<>();

  Database(
      String name,
      String kmsKeyId,
      Map<String, String> tags,
      Instant creationTime,
      Instant lastUpdatedTime) {
    this.name = name;
    this.kmsKeyId = kmsKeyId;
    this.tags = Map.copyOf(tags);
    this.creationTime = creationTime;
    this.lastUpdatedTime = lastUpdatedTime;
  }

  public String name() {
    return name;
  }

  public String kmsKeyId() {
    return kmsKeyId;
  }

  public Map<String, String> tags() {
    return tags;
  }

  public Instant creationTime() {
    return creationTime;
  }

  public Instant lastUpdatedTime() {
    return lastUpdatedTime;
  }

  public int tableCount() {
    return tables.size();
  }

  void update(String newKmsKeyId, Instant at) {
    if (!newKmsKeyId.equals(kmsKeyId)) {
      kmsKeyId = newKmsKeyId;
      lastUpdatedTime = at;
    }
  }
}
