package dev.tskafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tskafka.local.store.MeasureValueType;
import dev.tskafka.local.store.RowQuery;
import dev.tskafka.local.store.StoredRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteClient;
import software.amazon.awssdk.services.timestreamwrite.model.CreateTableRequest;
import software.amazon.awssdk.services.timestreamwrite.model.Dimension;
import software.amazon.awssdk.services.timestreamwrite.model.MeasureValue;
import software.amazon.awssdk.services.timestreamwrite.model.PartitionKeyEnforcementLevel;
import software.amazon.awssdk.services.timestreamwrite.model.PartitionKeyType;
import software.amazon.awssdk.services.timestreamwrite.model.Record;
import software.amazon.awssdk.services.timestreamwrite.model.RecordsIngested;
import software.amazon.awssdk.services.timestreamwrite.model.RejectedRecord;
import software.amazon.awssdk.services.timestreamwrite.model.RejectedRecordsException;
import software.amazon.awssdk.services.timestreamwrite.model.ResourceNotFoundException;
import software.amazon.awssdk.services.timestreamwrite.model.TimeUnit;
import software.amazon.awssdk.services.timestreamwrite.model.ValidationException;

class WriteRecordsIT {
  private static TimestreamLocal local;
  private static TimestreamWriteClient client;

  @BeforeAll
  static void start() {
    local = TimestreamLocal.builder().start();
    client = LocalEndpoint.client(local.endpoint());
  }

  @AfterAll
  static void stop() {
    client.close();
    local.close();
  }

  private static long nowMs() {
    return System.currentTimeMillis();
  }

  private static Record cpu(String host, double value, long timeMs) {
    return Record.builder()
        .dimensions(dim("host", host))
        .measureName("cpu")
        .measureValue(Double.toString(value))
        .measureValueType("DOUBLE")
        .time(Long.toString(timeMs))
        .build();
  }

  /** A DOUBLE record of value 1 with one dimension. */
  private static Record single(String dimension, String value, String measure, long timeMs) {
    return Record.builder()
        .dimensions(dim(dimension, value))
        .measureName(measure)
        .measureValue("1")
        .measureValueType("DOUBLE")
        .time(Long.toString(timeMs))
        .build();
  }

  private static Dimension dim(String name, String value) {
    return Dimension.builder().name(name).value(value).build();
  }

  private static RecordsIngested write(String[] table, List<Record> records) {
    return client
        .writeRecords(b -> b.databaseName(table[0]).tableName(table[1]).records(records))
        .recordsIngested();
  }

  private static List<RejectedRecord> rejectedWriting(String[] table, List<Record> records) {
    RejectedRecordsException e =
        catchThrowableOfType(RejectedRecordsException.class, () -> write(table, records));
    assertThat(e).as("RejectedRecordsException").isNotNull();
    assertThat(e.statusCode()).isEqualTo(419);
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo("One or more records have been rejected. See RejectedRecords for details.");
    return e.rejectedRecords();
  }

  private static List<StoredRow> rows(String[] table) {
    return local.rows(table[0], table[1], RowQuery.ALL).rows();
  }

  @Test
  void shouldIngestHundredSingleMeasureRecordsIntoMemoryStore() {
    String[] table = LocalEndpoint.createTable(client);
    List<Record> records = new ArrayList<>();
    long now = nowMs();
    for (int i = 0; i < 100; i++) {
      records.add(cpu("host-" + i, i * 0.5, now - i));
    }

    RecordsIngested ingested = write(table, records);

    assertThat(ingested.total()).isEqualTo(100);
    assertThat(ingested.memoryStore()).isEqualTo(100);
    assertThat(ingested.magneticStore()).isZero();
    assertThat(rows(table)).hasSize(100);
  }

  @Test
  void shouldRefuseADimensionNamedLikeAMeasureOfTheTableAndTheReverse() {
    String[] table = LocalEndpoint.createTable(client);
    long now = nowMs();
    write(table, List.of(cpu("web-1", 10, now)));
    Record multi =
        Record.builder()
            .dimensions(dim("host", "web-1"))
            .measureName("metrics")
            .measureValueType("MULTI")
            .measureValues(mv("memory", "40", "DOUBLE"))
            .time(Long.toString(now))
            .build();
    write(table, List.of(multi));

    List<Record> clashing =
        List.of(
            // a dimension named like the single measure 'cpu' written before
            single("cpu", "x", "load", now),
            // a dimension named like the multi-measure column 'memory'
            single("memory", "x", "load", now),
            // a single measure named like the dimension 'host'
            single("rack", "r1", "host", now),
            cpu("web-2", 20, now));

    List<RejectedRecord> rejected = rejectedWriting(table, clashing);

    assertThat(rejected)
        .extracting(RejectedRecord::recordIndex, RejectedRecord::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                0, "Dimension name 'cpu' is already a measure name in this table."),
            org.assertj.core.groups.Tuple.tuple(
                1, "Dimension name 'memory' is already a measure name in this table."),
            org.assertj.core.groups.Tuple.tuple(
                2, "Measure name 'host' is already a dimension name in this table."));
    assertThat(rows(table)).hasSize(3); // web-1 cpu, web-1 metrics, and web-2 cpu: the others
  }

  @Test
  void shouldStoreMultiMeasureRecordWithEveryTypeIncludingTimestamp() {
    String[] table = LocalEndpoint.createTable(client);
    long now = nowMs();
    Record record =
        Record.builder()
            .dimensions(dim("device_id", "sensor-1"), dim("location", "lab"))
            .measureName("readings")
            .measureValueType("MULTI")
            .measureValues(
                mv("temperature", "25.5", "DOUBLE"),
                mv("count", "42", "BIGINT"),
                mv("status", "ok", "VARCHAR"),
                mv("alarm", "false", "BOOLEAN"),
                mv("calibrated_at", "1000", "TIMESTAMP"))
            .time(Long.toString(now))
            .build();

    write(table, List.of(record));

    StoredRow row = rows(table).get(0);
    assertThat(row.type()).isEqualTo(MeasureValueType.MULTI);
    assertThat(row.values()).hasSize(5);
    assertThat(row.series().asMap())
        .containsEntry("device_id", "sensor-1")
        .containsEntry("location", "lab");
    assertThat(row.timeNanos()).isEqualTo(now * 1_000_000L);
    assertThat(row.version()).isEqualTo(1);
    // A TIMESTAMP value counts in its record's TimeUnit (ms here) and is kept as epoch nanos.
    assertThat(row.values())
        .filteredOn(v -> v.name().equals("calibrated_at"))
        .singleElement()
        .satisfies(v -> assertThat(v.value()).isEqualTo("1000000000"));
  }

  private static MeasureValue mv(String name, String value, String type) {
    return MeasureValue.builder().name(name).value(value).type(type).build();
  }

  @Test
  void shouldMergeCommonAttributesWithRecordMembersWinning() {
    String[] table = LocalEndpoint.createTable(client);
    long nowSeconds = nowMs() / 1000;
    Record common =
        Record.builder()
            .dimensions(dim("region", "eu"))
            .measureName("latency")
            .measureValueType("BIGINT")
            .timeUnit(TimeUnit.SECONDS)
            .time(Long.toString(nowSeconds))
            .build();
    List<Record> records =
        List.of(
            Record.builder().dimensions(dim("endpoint", "/a")).measureValue("12").build(),
            Record.builder()
                .dimensions(dim("endpoint", "/b"))
                .measureValue("30")
                .time(Long.toString(nowSeconds - 1))
                .build());

    RecordsIngested ingested =
        client
            .writeRecords(
                b ->
                    b.databaseName(table[0])
                        .tableName(table[1])
                        .commonAttributes(common)
                        .records(records))
            .recordsIngested();

    assertThat(ingested.total()).isEqualTo(2);
    List<StoredRow> rows = rows(table);
    assertThat(rows)
        .allSatisfy(
            r -> {
              assertThat(r.series().asMap()).containsEntry("region", "eu");
              assertThat(r.measureName()).isEqualTo("latency");
              assertThat(r.type()).isEqualTo(MeasureValueType.BIGINT);
            });
    assertThat(rows.get(0).timeNanos()).isEqualTo((nowSeconds - 1) * 1_000_000_000L);
    assertThat(rows.get(1).timeNanos()).isEqualTo(nowSeconds * 1_000_000_000L);
  }

  @Test
  void shouldRefuseMoreThanHundredRecordsAndWriteNothing() {
    String[] table = LocalEndpoint.createTable(client);
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      records.add(cpu("h" + i, 1, nowMs()));
    }

    assertThatThrownBy(() -> write(table, records))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(
            "at 'records' failed to satisfy constraint: Member must have length less than or equal to 100");
    assertThat(rows(table)).isEmpty();
  }

  @Test
  void shouldRefuseEmptyRecordList() {
    String[] table = LocalEndpoint.createTable(client);

    assertThatThrownBy(() -> write(table, List.of()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'records'");
  }

  @Test
  void shouldRefuseMoreThan128Dimensions() {
    String[] table = LocalEndpoint.createTable(client);
    List<Dimension> dims = new ArrayList<>();
    for (int i = 0; i < 129; i++) {
      dims.add(dim("d" + i, "v"));
    }
    Record record = cpu("h", 1, nowMs()).toBuilder().dimensions(dims).build();

    assertThatThrownBy(() -> write(table, List.of(record)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(
            "at 'records.1.member.dimensions' failed to satisfy constraint: Member must have length less than or equal to 128");
  }

  @Test
  void shouldRefuseEnumValuesOutsideTheModelWithCoralPath() {
    String[] table = LocalEndpoint.createTable(client);
    Record badDimensionType =
        cpu("h", 1, nowMs()).toBuilder()
            .dimensions(
                Dimension.builder().name("host").value("h").dimensionValueType("BIGINT").build())
            .build();
    Record badTimeUnit = cpu("h", 1, nowMs()).toBuilder().timeUnit("HOURS").build();

    assertThatThrownBy(() -> write(table, List.of(cpu("ok", 1, nowMs()), badDimensionType)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(
            "1 validation error detected: Value 'BIGINT' at 'records.2.member.dimensions.1.member.dimensionValueType' failed to satisfy constraint: Member must satisfy enum value set: [VARCHAR]");
    assertThatThrownBy(() -> write(table, List.of(badTimeUnit)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("at 'records.1.member.timeUnit'");
  }

  @Test
  void shouldRefuseDuplicateDimensionNamesInRecordOrAgainstCommonAttributes() {
    String[] table = LocalEndpoint.createTable(client);
    Record twice =
        cpu("h", 1, nowMs()).toBuilder().dimensions(dim("host", "a"), dim("host", "b")).build();
    Record common = Record.builder().dimensions(dim("host", "x")).build();

    assertThatThrownBy(() -> write(table, List.of(twice))).isInstanceOf(ValidationException.class);
    assertThatThrownBy(
            () ->
                client.writeRecords(
                    b ->
                        b.databaseName(table[0])
                            .tableName(table[1])
                            .commonAttributes(common)
                            .records(cpu("h", 1, nowMs()))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("host");
  }

  @Test
  void shouldRefuseRecordWithoutAnyDimension() {
    String[] table = LocalEndpoint.createTable(client);
    Record record = cpu("h", 1, nowMs()).toBuilder().dimensions(List.of()).build();

    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> write(table, List.of(record)));
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo("At least one dimension is required for a record.");
  }

  @Test
  void shouldRefuseTimestampAsSingleMeasureType() {
    String[] table = LocalEndpoint.createTable(client);
    Record record =
        cpu("h", 1, nowMs()).toBuilder().measureValue("1000").measureValueType("TIMESTAMP").build();

    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> write(table, List.of(record)));
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo("TIMESTAMP is an invalid measure value type.");
    assertThat(e.statusCode()).isEqualTo(400);
  }

  @Test
  void shouldRefuseVersionBelowOne() {
    String[] table = LocalEndpoint.createTable(client);
    Record record = cpu("h", 1, nowMs()).toBuilder().version(0L).build();

    assertThatThrownBy(() -> write(table, List.of(record)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(
            "at 'records.1.member.version' failed to satisfy constraint: Member must have value greater than or equal to 1");
  }

  @Test
  void shouldRefuseTimeThatIsNotAnInteger() {
    String[] table = LocalEndpoint.createTable(client);
    Record record = cpu("h", 1, nowMs()).toBuilder().time("2024-01-01T00:00:00Z").build();

    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> write(table, List.of(record)));
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid time for record.");
  }

  @Test
  void shouldRefuseMultiRecordWithScalarValue() {
    String[] table = LocalEndpoint.createTable(client);
    Record record = cpu("h", 1, nowMs()).toBuilder().measureValueType("MULTI").build();

    assertThatThrownBy(() -> write(table, List.of(record)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("MULTI");
  }

  @Test
  void shouldReportMissingTableAsResourceNotFound() {
    String[] table = LocalEndpoint.createTable(client);

    assertThatThrownBy(
            () -> write(new String[] {table[0], "missing"}, List.of(cpu("h", 1, nowMs()))))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void shouldRejectRecordOlderThanMemoryStoreAndStillWriteTheOthers() {
    String[] table = LocalEndpoint.createTable(client);
    long now = nowMs();
    List<Record> records =
        List.of(
            cpu("a", 1, now),
            cpu("old", 2, now - Duration.ofHours(7).toMillis()),
            cpu("c", 3, now));

    List<RejectedRecord> rejected = rejectedWriting(table, records);

    assertThat(rejected)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.recordIndex()).isEqualTo(1);
              assertThat(r.reason())
                  .matches(
                      "The record timestamp is outside the time range \\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z, \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\) of the memory store\\.");
              assertThat(r.existingVersion()).isNull();
            });
    assertThat(rows(table))
        .extracting(r -> r.series().asMap().get("host"))
        .containsExactlyInAnyOrder("a", "c");
  }

  @Test
  void shouldRejectRecordMoreThanFifteenMinutesInTheFuture() {
    String[] table = LocalEndpoint.createTable(client);
    long now = nowMs();

    List<RejectedRecord> rejected =
        rejectedWriting(
            table,
            List.of(
                cpu("near", 1, now + Duration.ofMinutes(14).toMillis()),
                cpu("far", 1, now + Duration.ofMinutes(16).toMillis())));

    assertThat(rejected).extracting(RejectedRecord::recordIndex).containsExactly(1);
    assertThat(rows(table)).hasSize(1);
  }

  @Test
  void shouldRejectRecordsBreakingLimitsNamesAndValuesEachAtItsIndex() {
    String[] table = LocalEndpoint.createTable(client);
    long now = nowMs();
    Record ok = cpu("ok", 1, now);
    List<Record> records =
        List.of(
            ok,
            cpu("x".repeat(2100), 1, now), // 1: record over 2 KB
            cpu("h", 1, now).toBuilder()
                .dimensions(dim("d".repeat(61), "v"))
                .build(), // 2: dimension name > 60 B
            cpu("h", 1, now).toBuilder()
                .measureName("m".repeat(257))
                .build(), // 3: measure name > 256 B
            cpu("h", 1, now).toBuilder().measureName("time").build(), // 4: reserved
            cpu("h", 1, now).toBuilder()
                .dimensions(dim("ts_host", "v"))
                .build(), // 5: reserved prefix
            cpu("h", 1, now).toBuilder()
                .measureName("measure_name_x")
                .build(), // 6: reserved prefix
            cpu("h", 1, now).toBuilder().measureValue("NaN").build(), // 7: NaN
            cpu("h", 1, now).toBuilder().measureValue("-Infinity").build(), // 8: Infinity
            cpu("h", 1, now).toBuilder()
                .measureName("count")
                .measureValue("1.5")
                .measureValueType("BIGINT")
                .build(), // 9
            cpu("h", 1, now).toBuilder()
                .measureName("flag")
                .measureValue("yes")
                .measureValueType("BOOLEAN")
                .build()); // 10

    List<RejectedRecord> rejected = rejectedWriting(table, records);

    assertThat(rejected)
        .extracting(RejectedRecord::recordIndex)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(rejected.get(0).reason()).contains("exceeds the limit of 2048 bytes");
    assertThat(rejected.get(1).reason()).contains("limit is 60 bytes");
    assertThat(rejected.get(2).reason()).contains("limit is 256 bytes");
    assertThat(rejected.get(3).reason()).contains("'time' is a reserved name");
    assertThat(rejected.get(4).reason()).contains("'ts_host' is a reserved name");
    assertThat(rejected.get(5).reason()).contains("'measure_name_x' is a reserved name");
    assertThat(rejected.get(6).reason()).contains("NaN and Infinity cannot be stored");
    assertThat(rejected.get(7).reason()).contains("NaN and Infinity cannot be stored");
    assertThat(rejected.get(8).reason()).contains("not a valid BIGINT");
    assertThat(rejected.get(9).reason()).contains("not a valid BOOLEAN");
    assertThat(rows(table)).hasSize(1);
  }

  @Test
  void shouldRejectSecondTypeForTheSameMeasureName() {
    String[] table = LocalEndpoint.createTable(client);
    long now = nowMs();
    write(table, List.of(cpu("a", 1.5, now)));

    List<RejectedRecord> rejected =
        rejectedWriting(
            table,
            List.of(
                cpu("b", 1, now).toBuilder().measureValue("7").measureValueType("BIGINT").build()));

    assertThat(rejected)
        .singleElement()
        .satisfies(r -> assertThat(r.reason()).contains("already has type DOUBLE"));
  }

  @Test
  void shouldRejectMeasureNamedLikeADimension() {
    String[] table = LocalEndpoint.createTable(client);
    long now = nowMs();
    Record multi =
        Record.builder()
            .dimensions(dim("host", "a"))
            .measureName("metrics")
            .measureValueType("MULTI")
            .measureValues(mv("host", "1", "DOUBLE"))
            .time(Long.toString(now))
            .build();

    List<RejectedRecord> rejected = rejectedWriting(table, List.of(multi));

    assertThat(rejected).singleElement().satisfies(r -> assertThat(r.reason()).contains("'host'"));
  }

  @Test
  void shouldUpsertByVersionAcceptingSameValueReplacingOnHigherAndRejectingOtherwise() {
    String[] table = LocalEndpoint.createTable(client);
    long t = nowMs();
    write(table, List.of(cpu("h", 10, t).toBuilder().version(5L).build()));

    // Same value again, with no version: accepted, nothing changes.
    assertThat(write(table, List.of(cpu("h", 10.0, t))).total()).isEqualTo(1);
    // Different value, lower version: rejected with the existing version.
    List<RejectedRecord> lower =
        rejectedWriting(table, List.of(cpu("h", 11, t).toBuilder().version(2L).build()));
    assertThat(lower)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason())
                  .isEqualTo(
                      "The record version 2 is lower than the existing version 5. A higher version is required to update the measure value.");
              assertThat(r.existingVersion()).isEqualTo(5L);
            });
    // Different value, equal version: rejected, no existing version reported.
    List<RejectedRecord> equal =
        rejectedWriting(table, List.of(cpu("h", 11, t).toBuilder().version(5L).build()));
    assertThat(equal)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason())
                  .startsWith(
                      "A record already exists with the same time, dimensions, measure name, and record version.");
              assertThat(r.existingVersion()).isNull();
            });
    // Higher version: replaces.
    write(table, List.of(cpu("h", 12, t).toBuilder().version(6L).build()));

    assertThat(rows(table))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.value()).isEqualTo("12.0");
              assertThat(r.version()).isEqualTo(6);
            });
  }

  @Test
  void shouldRaiseVersionWhenSameValueArrivesWithHigherVersion() {
    String[] table = LocalEndpoint.createTable(client);
    long t = nowMs();
    write(table, List.of(cpu("h", 10, t)));
    write(table, List.of(cpu("h", 10, t).toBuilder().version(3L).build()));

    assertThat(rows(table)).singleElement().satisfies(r -> assertThat(r.version()).isEqualTo(3));
  }

  @Test
  void shouldApplyDuplicateIdentitiesWithinOneBatchInIndexOrder() {
    String[] table = LocalEndpoint.createTable(client);
    long t = nowMs();

    List<RejectedRecord> rejected = rejectedWriting(table, List.of(cpu("h", 1, t), cpu("h", 2, t)));

    assertThat(rejected).extracting(RejectedRecord::recordIndex).containsExactly(1);
    assertThat(rows(table)).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo("1.0"));
  }

  @Test
  void shouldWriteOldRecordsToMagneticStoreWhenEnabledAndCountThem() {
    String[] table = magneticTable();
    long now = nowMs();
    long twoDaysAgo = now - Duration.ofDays(2).toMillis();

    RecordsIngested ingested = write(table, List.of(cpu("a", 1, now), cpu("b", 2, twoDaysAgo)));

    assertThat(ingested.total()).isEqualTo(2);
    assertThat(ingested.memoryStore()).isEqualTo(1);
    assertThat(ingested.magneticStore()).isEqualTo(1);
    assertThat(rows(table))
        .filteredOn(StoredRow::magnetic)
        .singleElement()
        .satisfies(r -> assertThat(r.series().asMap()).containsEntry("host", "b"));
  }

  @Test
  void shouldRejectRecordOlderThanMagneticRetention() {
    String[] table = magneticTable();

    List<RejectedRecord> rejected =
        rejectedWriting(table, List.of(cpu("a", 1, nowMs() - Duration.ofDays(40).toMillis())));

    assertThat(rejected)
        .singleElement()
        .satisfies(r -> assertThat(r.reason()).endsWith("of the magnetic store."));
  }

  @Test
  void shouldReportMagneticVersionConflictsOutsideRejectedRecords() {
    String[] table = magneticTable();
    long old = nowMs() - Duration.ofDays(3).toMillis();
    write(table, List.of(cpu("a", 1, old)));

    RecordsIngested ingested = write(table, List.of(cpu("a", 2, old)));

    assertThat(ingested.magneticStore()).isEqualTo(1);
    assertThat(rows(table)).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo("1.0"));
    assertThat(local.catalog().table(table[0], table[1]).magneticRejections())
        .singleElement()
        .satisfies(r -> assertThat(r.existingVersion()).isEqualTo(1));
  }

  private static String[] magneticTable() {
    Consumer<CreateTableRequest.Builder> magnetic =
        b ->
            b.retentionProperties(
                    r ->
                        r.memoryStoreRetentionPeriodInHours(12L)
                            .magneticStoreRetentionPeriodInDays(30L))
                .magneticStoreWriteProperties(m -> m.enableMagneticStoreWrites(true));
    return LocalEndpoint.createTable(client, magnetic);
  }

  @Test
  void shouldRejectRecordWithoutRequiredPartitionKeyDimension() {
    String[] table =
        LocalEndpoint.createTable(
            client,
            b ->
                b.schema(
                    s ->
                        s.compositePartitionKey(
                            software.amazon.awssdk.services.timestreamwrite.model.PartitionKey
                                .builder()
                                .type(PartitionKeyType.DIMENSION)
                                .name("device_id")
                                .enforcementInRecord(PartitionKeyEnforcementLevel.REQUIRED)
                                .build())));
    long now = nowMs();

    List<RejectedRecord> rejected =
        rejectedWriting(
            table,
            List.of(
                cpu("a", 1, now).toBuilder().dimensions(dim("device_id", "d1")).build(),
                cpu("a", 1, now)));

    assertThat(rejected)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.recordIndex()).isEqualTo(1);
              assertThat(r.reason()).contains("device_id");
            });
  }

  @Test
  void shouldAcceptEveryTimeUnit() {
    String[] table = LocalEndpoint.createTable(client);
    long ms = nowMs();
    List<Record> records =
        List.of(
            cpu("s", 1, 0).toBuilder()
                .time(Long.toString(ms / 1000))
                .timeUnit(TimeUnit.SECONDS)
                .build(),
            cpu("ms", 1, ms),
            cpu("us", 1, 0).toBuilder()
                .time(Long.toString(ms * 1000 + 7))
                .timeUnit(TimeUnit.MICROSECONDS)
                .build(),
            cpu("ns", 1, 0).toBuilder()
                .time(Long.toString(ms * 1_000_000 + 9))
                .timeUnit(TimeUnit.NANOSECONDS)
                .build());

    write(table, records);

    assertThat(rows(table))
        .extracting(StoredRow::timeNanos)
        .contains(
            (ms / 1000) * 1_000_000_000L,
            ms * 1_000_000L,
            ms * 1_000_000L + 7000,
            ms * 1_000_000L + 9);
  }
}
