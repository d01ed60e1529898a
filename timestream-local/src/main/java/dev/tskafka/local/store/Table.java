package dev.tskafka.local.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table: its settings and its rows. Writes are applied under the table's lock in request order,
 * with the service's upsert-by-version rule and one type per measure.
 */
public final class Table {
  private static final Comparator<StoredRow> TIME_ORDER =
      Comparator.comparingLong(StoredRow::timeNanos)
          .thenComparing(r -> r.series().dimensions().toString())
          .thenComparing(StoredRow::measureName);

  private final String databaseName;
  private final String name;
  private final Instant creationTime;
  private final Map<String, String> tags;
  private volatile TableSettings settings;
  private volatile Instant lastUpdatedTime;

  // Rows by series, then by measure name: an upsert looks up its series in a map of series (far
  // smaller than one of all rows), then its time in that series' time-ordered columns.
  private final Map<SeriesKey, Map<String, MeasurePoints>> series = new HashMap<>();
  private int rowCount;
  private long modifications;
  private final Map<String, MeasureValueType> measureNameTypes = new HashMap<>();
  private final Map<String, MeasureValueType> multiColumnTypes = new HashMap<>();
  private final Set<String> dimensionNames = new HashSet<>();
  private final List<MagneticRejection> magneticRejections = new ArrayList<>();

  /** Set under this table's lock when it is deleted: a write holding a stale reference fails. */
  private boolean dropped;

  Table(
      String databaseName,
      String name,
      TableSettings settings,
      Map<String, String> tags,
      Instant creationTime,
      Instant lastUpdatedTime) {
    this.databaseName = databaseName;
    this.name = name;
    this.settings = settings;
    this.tags = Map.copyOf(tags);
    this.creationTime = creationTime;
    this.lastUpdatedTime = lastUpdatedTime;
  }

  public String databaseName() {
    return databaseName;
  }

  public String name() {
    return name;
  }

  public TableSettings settings() {
    return settings;
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

  /** Marks the table deleted; callers hold its lock, so that no write is between. */
  synchronized void drop() {
    dropped = true;
  }

  synchronized boolean dropped() {
    return dropped;
  }

  void update(TableSettings newSettings, Instant at) {
    settings = newSettings;
    lastUpdatedTime = at;
  }

  /**
   * Applies rows in order. Each gets an outcome; rows that changed the table are added to {@code
   * stored} (for the journal).
   */
  public synchronized List<WriteOutcome> write(List<StoredRow> candidates, List<StoredRow> stored) {
    List<WriteOutcome> outcomes = new ArrayList<>(candidates.size());
    for (StoredRow row : candidates) {
      outcomes.add(writeOne(row, stored));
    }
    return outcomes;
  }

  private WriteOutcome writeOne(StoredRow row, List<StoredRow> stored) {
    String conflict = schemaConflict(row);
    if (conflict != null) {
      return WriteOutcome.rejected(conflict);
    }
    MeasurePoints points = points(row);
    int index = points.indexOf(row.timeNanos());
    if (index < 0 || row.version() > points.version(index)) {
      // New point, or a higher version: same value raises the version, another value replaces it.
      store(points, index, row);
      stored.add(row);
      return WriteOutcome.accepted(row.magnetic());
    }
    StoredRow existing = points.row(index);
    if (row.sameValueAs(existing)) {
      return WriteOutcome.accepted(row.magnetic());
    }
    String reason =
        row.version() == existing.version()
            ? "A record already exists with the same time, dimensions, measure name, and record"
                + " version. A higher record version must be specified in order to update the"
                + " measure value. Specifying record version is supported by the latest SDKs."
            : "The record version "
                + row.version()
                + " is lower than the existing version "
                + existing.version()
                + ". A higher version is required to update the measure value.";
    if (row.magnetic()) {
      magneticRejections.add(new MagneticRejection(row, reason, existing.version()));
      return WriteOutcome.accepted(true);
    }
    return row.version() == existing.version()
        ? WriteOutcome.rejected(reason)
        : WriteOutcome.rejected(reason, existing.version());
  }

  private String schemaConflict(StoredRow row) {
    MeasureValueType knownType = measureNameTypes.get(row.measureName());
    if (knownType != null && knownType != row.type()) {
      return "Measure name '"
          + row.measureName()
          + "' already has type "
          + knownType
          + " in this table; it cannot be written as "
          + row.type()
          + ".";
    }
    // Column names are unique per table: a dimension may not take the name of a measure written
    // before (a multi-measure column, or a single measure's name), nor a measure a dimension's.
    for (Dimension d : row.series().dimensions()) {
      MeasureValueType measure = measureNameTypes.get(d.name());
      if (multiColumnTypes.containsKey(d.name())
          || (measure != null && measure != MeasureValueType.MULTI)) {
        return "Dimension name '" + d.name() + "' is already a measure name in this table.";
      }
    }
    if (row.type() != MeasureValueType.MULTI) {
      if (row.series().hasDimension(row.measureName())) {
        return "Measure name '" + row.measureName() + "' is also a dimension name of the record.";
      }
      return dimensionNames.contains(row.measureName())
          ? "Measure name '" + row.measureName() + "' is already a dimension name in this table."
          : null;
    }
    for (MeasureValue v : row.values()) {
      if (row.series().hasDimension(v.name()) || dimensionNames.contains(v.name())) {
        return "Measure name '" + v.name() + "' is already a dimension name in this table.";
      }
      MeasureValueType columnType = multiColumnTypes.get(v.name());
      if (columnType != null && columnType != v.type()) {
        return "Measure '"
            + v.name()
            + "' already has type "
            + columnType
            + " in this table; it cannot be written as "
            + v.type()
            + ".";
      }
    }
    return null;
  }

  /**
   * The rows of the row's series and measure name, created empty when there are none yet (the row
   * is then always stored: nothing can reject a new point after the schema checks).
   */
  private MeasurePoints points(StoredRow row) {
    Map<String, MeasurePoints> measures = series.get(row.series());
    if (measures == null) {
      measures = new HashMap<>(4);
      series.put(row.series(), measures);
      for (Dimension d : row.series().dimensions()) {
        dimensionNames.add(d.name());
      }
    }
    MeasurePoints points = measures.get(row.measureName());
    if (points == null) {
      points = new MeasurePoints(row.series(), row.measureName());
      measures.put(row.measureName(), points);
      // A measure name takes its type from its first row; later rows are checked against it.
      measureNameTypes.putIfAbsent(row.measureName(), row.type());
    }
    return points;
  }

  /**
   * Stores {@code row} at {@code index} of {@link MeasurePoints#indexOf}: in place of the row at
   * the same time, or as a new row.
   */
  private void store(MeasurePoints points, int index, StoredRow row) {
    modifications++;
    if (index >= 0) {
      points.replace(index, row);
    } else {
      points.insert(-index - 1, row);
      rowCount++;
    }
    if (row.type() == MeasureValueType.MULTI) {
      for (MeasureValue v : row.values()) {
        multiColumnTypes.putIfAbsent(v.name(), v.type());
      }
    }
  }

  /** Puts a row back as it was stored, without checks (journal replay). */
  synchronized void restore(StoredRow row) {
    MeasurePoints points = points(row);
    store(points, points.indexOf(row.timeNanos()), row);
  }

  /** The rows matching {@code query}, in time order. */
  public synchronized RowPage rows(RowQuery query) {
    List<StoredRow> matches = matching(query);
    matches.sort(TIME_ORDER);
    List<StoredRow> page =
        matches.size() > query.limit() ? matches.subList(0, query.limit()) : matches;
    return new RowPage(matches.size(), List.copyOf(page));
  }

  /** The rows matching {@code query}, in no particular order across series and measures. */
  private List<StoredRow> matching(RowQuery query) {
    List<StoredRow> matches = new ArrayList<>();
    for (Map<String, MeasurePoints> measures : series.values()) {
      if (query.measureName() == null) {
        for (MeasurePoints points : measures.values()) {
          points.addRows(query.fromNanos(), query.toNanos(), matches);
        }
      } else {
        MeasurePoints points = measures.get(query.measureName());
        if (points != null) {
          points.addRows(query.fromNanos(), query.toNanos(), matches);
        }
      }
    }
    return matches;
  }

  /** How many rows the table holds. */
  public synchronized int rowCount() {
    return rowCount;
  }

  /** Magnetic-store records that lost a version conflict (the service's S3 error report). */
  public synchronized List<MagneticRejection> magneticRejections() {
    return List.copyOf(magneticRejections);
  }

  /**
   * A consistent copy of what a query reads: the names of the table's columns by kind and every
   * row, in no particular order, with a count that changes whenever a row does.
   */
  public synchronized TableContents contents() {
    return new TableContents(
        modifications, dimensionNames, measureNameTypes, multiColumnTypes, matching(RowQuery.ALL));
  }

  /** A count that changes whenever a row is stored or replaced. */
  public synchronized long modifications() {
    return modifications;
  }

  synchronized List<StoredRow> allRows() {
    return matching(RowQuery.ALL);
  }
}
