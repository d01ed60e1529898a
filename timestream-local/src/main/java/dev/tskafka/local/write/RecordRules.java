package dev.tskafka.local.write;

import dev.tskafka.local.store.Dimension;
import dev.tskafka.local.store.MeasureValue;
import dev.tskafka.local.store.MeasureValueType;
import dev.tskafka.local.store.PartitionKey;
import dev.tskafka.local.store.StoredRow;
import dev.tskafka.local.store.TableSettings;
import dev.tskafka.local.store.TypedValues;
import dev.tskafka.local.store.Utf8;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;

/**
 * The per-record rules of WriteRecords that do not depend on stored data: the time window of the
 * memory (and magnetic) store, limits, reserved names, values, the required partition key. A record
 * that breaks one is rejected with the reason; the rest of the batch is still written.
 */
final class RecordRules {
  static final Duration FUTURE_LIMIT = Duration.ofMinutes(15);
  static final int MAX_RECORD_BYTES = 2048;
  static final int MAX_DIMENSION_NAME_BYTES = 60;
  static final int MAX_MEASURE_NAME_BYTES = 256;
  static final int MAX_MEASURES_PER_RECORD = 256;
  private static final int TIME_BYTES = 8;
  private static final Set<String> SYSTEM_NAMES =
      Set.of("measure_value", "ts_non_existent_col", "time");
  private static final DateTimeFormatter WINDOW_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** A row that may be written (marked magnetic when it is), or the reason it may not. */
  record Verdict(StoredRow row, String reason) {}

  private final TableSettings settings;
  private final long memoryStartNanos;
  private final long futureEndNanos;
  private final long magneticStartNanos;

  RecordRules(TableSettings settings, Instant now) {
    this.settings = settings;
    this.memoryStartNanos =
        nanos(now.minus(Duration.ofHours(settings.retention().memoryStoreHours())));
    this.futureEndNanos = nanos(now.plus(FUTURE_LIMIT));
    this.magneticStartNanos =
        nanos(now.minus(Duration.ofDays(settings.retention().magneticStoreDays())));
  }

  Verdict check(StoredRow row) {
    String reason = firstBrokenRule(row);
    if (reason != null) {
      return new Verdict(null, reason);
    }
    long t = row.timeNanos();
    if (t >= memoryStartNanos && t < futureEndNanos) {
      return new Verdict(row, null);
    }
    if (settings.magneticStoreWritesEnabled() && t >= magneticStartNanos && t < memoryStartNanos) {
      return new Verdict(row.asMagnetic(), null);
    }
    if (settings.magneticStoreWritesEnabled() && t < memoryStartNanos) {
      return new Verdict(
          null, outsideWindow(magneticStartNanos, memoryStartNanos, "magnetic store"));
    }
    return new Verdict(null, outsideWindow(memoryStartNanos, futureEndNanos, "memory store"));
  }

  private String firstBrokenRule(StoredRow row) {
    int bytes = TIME_BYTES + Utf8.length(row.measureName());
    for (Dimension d : row.series().dimensions()) {
      int nameBytes = Utf8.length(d.name());
      if (nameBytes > MAX_DIMENSION_NAME_BYTES) {
        return "Dimension name '"
            + d.name()
            + "' is "
            + nameBytes
            + " bytes; the limit is "
            + MAX_DIMENSION_NAME_BYTES
            + " bytes.";
      }
      String reserved = reservedName(d.name());
      if (reserved != null) {
        return reserved;
      }
      bytes += nameBytes + Utf8.length(d.value());
    }
    for (PartitionKey key : settings.schema()) {
      if (key.requiresDimension() && !row.series().hasDimension(key.name())) {
        return "The record is missing the dimension '"
            + key.name()
            + "', which the table's partition key requires.";
      }
    }
    String nameProblem = measureNameProblem(row.measureName());
    if (nameProblem != null) {
      return nameProblem;
    }
    if (row.type() == MeasureValueType.MULTI) {
      if (row.values().size() > MAX_MEASURES_PER_RECORD) {
        return "The record has "
            + row.values().size()
            + " measures; a multi-measure record can have at most "
            + MAX_MEASURES_PER_RECORD
            + ".";
      }
      Set<String> measureNames = new HashSet<>();
      for (MeasureValue v : row.values()) {
        if (!measureNames.add(v.name())) {
          return "Measure name '" + v.name() + "' appears more than once in MeasureValues.";
        }
        String problem = measureNameProblem(v.name());
        if (problem == null) {
          problem = TypedValues.invalidReason(v.type(), v.value());
        }
        if (problem != null) {
          return problem;
        }
        bytes += Utf8.length(v.name()) + v.type().meteredBytes(v.value());
      }
    } else {
      String problem = TypedValues.invalidReason(row.type(), row.value());
      if (problem != null) {
        return problem;
      }
      bytes += row.type().meteredBytes(row.value());
    }
    if (bytes > MAX_RECORD_BYTES) {
      return "The record size is "
          + bytes
          + " bytes, which exceeds the limit of "
          + MAX_RECORD_BYTES
          + " bytes.";
    }
    return null;
  }

  private static String measureNameProblem(String name) {
    int nameBytes = Utf8.length(name);
    if (nameBytes > MAX_MEASURE_NAME_BYTES) {
      return "Measure name '"
          + name
          + "' is "
          + nameBytes
          + " bytes; the limit is "
          + MAX_MEASURE_NAME_BYTES
          + " bytes.";
    }
    return reservedName(name);
  }

  private static String reservedName(String name) {
    if (SYSTEM_NAMES.contains(name) || name.startsWith("ts_") || name.startsWith("measure_name")) {
      return "'"
          + name
          + "' is a reserved name: dimension and measure names cannot be measure_value,"
          + " ts_non_existent_col or time, nor start with ts_ or measure_name.";
    }
    return null;
  }

  private static String outsideWindow(long startNanos, long endNanos, String store) {
    return "The record timestamp is outside the time range ["
        + WINDOW_FORMAT.format(instant(startNanos))
        + ", "
        + WINDOW_FORMAT.format(instant(endNanos))
        + ") of the "
        + store
        + ".";
  }

  private static long nanos(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
