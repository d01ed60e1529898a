package dev.tskafka.connector.write;

import dev.tskafka.connector.mapping.TsRecord;
import java.util.ArrayList;
import java.util.List;

/** Records for one WriteRecords call: one table, at most 100 records. */
public record Batch<O>(String table, List<PendingRecord<O>> records) {

  public Batch {
    records = List.copyOf(records);
  }

  public int size() {
    return records.size();
  }

  public List<TsRecord> tsRecords() {
    List<TsRecord> out = new ArrayList<>(records.size());
    for (PendingRecord<O> r : records) {
      out.add(r.record());
    }
    return out;
  }
}
