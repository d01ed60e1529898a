package dev.tskafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteClient;
import software.amazon.awssdk.services.timestreamwrite.model.ConflictException;
import software.amazon.awssdk.services.timestreamwrite.model.Database;
import software.amazon.awssdk.services.timestreamwrite.model.ListDatabasesResponse;
import software.amazon.awssdk.services.timestreamwrite.model.PartitionKeyEnforcementLevel;
import software.amazon.awssdk.services.timestreamwrite.model.PartitionKeyType;
import software.amazon.awssdk.services.timestreamwrite.model.ResourceNotFoundException;
import software.amazon.awssdk.services.timestreamwrite.model.Table;
import software.amazon.awssdk.services.timestreamwrite.model.TableStatus;
import software.amazon.awssdk.services.timestreamwrite.model.ValidationException;

class ControlPlaneIT {
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

  @BeforeEach
  void reset() {
    local.reset();
  }

  @Test
  void shouldCreateAndDescribeDatabaseWithArnAndManagedKey() {
    Database created = client.createDatabase(b -> b.databaseName("metrics")).database();
    Database described = client.describeDatabase(b -> b.databaseName("metrics")).database();

    assertThat(described.arn())
        .isEqualTo("arn:aws:timestream:us-east-1:000000000000:database/metrics");
    assertThat(described.tableCount()).isZero();
    assertThat(described.kmsKeyId()).startsWith("arn:aws:kms:us-east-1:000000000000:key/");
    assertThat(described.creationTime()).isEqualTo(created.creationTime());
  }

  @Test
  void shouldRefuseSecondDatabaseWithSameNameAsConflict() {
    client.createDatabase(b -> b.databaseName("metrics"));

    assertThatThrownBy(() -> client.createDatabase(b -> b.databaseName("metrics")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("metrics");
  }

  @Test
  void shouldReportMissingDatabaseAndTableAsResourceNotFound() {
    assertThatThrownBy(() -> client.describeDatabase(b -> b.databaseName("nope")))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("The database nope does not exist.");
    client.createDatabase(b -> b.databaseName("metrics"));
    assertThatThrownBy(() -> client.describeTable(b -> b.databaseName("metrics").tableName("nope")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> client.createTable(b -> b.databaseName("other").tableName("tab1")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> client.deleteTable(b -> b.databaseName("metrics").tableName("nope")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> client.deleteDatabase(b -> b.databaseName("nope")))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void shouldRefuseNamesOutsideThePatternWithCoralValidationMessage() {
    assertThatThrownBy(() -> client.createDatabase(b -> b.databaseName("bad name!")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("1 validation error detected: Value 'bad name!' at 'databaseName'")
        .hasMessageContaining(
            "failed to satisfy constraint: Member must satisfy regular expression pattern");
    assertThatThrownBy(() -> client.createDatabase(b -> b.databaseName("ab")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Member must have length greater than or equal to 3");
  }

  @Test
  void shouldCreateTableWithServiceDefaultsWhenSettingsAreOmitted() {
    client.createDatabase(b -> b.databaseName("metrics"));
    Table table = client.createTable(b -> b.databaseName("metrics").tableName("cpu")).table();

    assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(table.retentionProperties().memoryStoreRetentionPeriodInHours()).isEqualTo(6);
    assertThat(table.retentionProperties().magneticStoreRetentionPeriodInDays()).isEqualTo(73000);
    assertThat(table.magneticStoreWriteProperties().enableMagneticStoreWrites()).isFalse();
    assertThat(table.schema().compositePartitionKey())
        .singleElement()
        .satisfies(k -> assertThat(k.type()).isEqualTo(PartitionKeyType.MEASURE));
    assertThat(table.arn())
        .isEqualTo("arn:aws:timestream:us-east-1:000000000000:database/metrics/table/cpu");
    assertThat(client.describeDatabase(b -> b.databaseName("metrics")).database().tableCount())
        .isEqualTo(1);
  }

  @Test
  void shouldStoreRetentionMagneticWritesAndPartitionKeyAndUpdateThem() {
    client.createDatabase(b -> b.databaseName("metrics"));
    client.createTable(
        b ->
            b.databaseName("metrics")
                .tableName("cpu")
                .retentionProperties(
                    r ->
                        r.memoryStoreRetentionPeriodInHours(24L)
                            .magneticStoreRetentionPeriodInDays(30L))
                .magneticStoreWriteProperties(m -> m.enableMagneticStoreWrites(true))
                .schema(
                    s ->
                        s.compositePartitionKey(
                            software.amazon.awssdk.services.timestreamwrite.model.PartitionKey
                                .builder()
                                .type(PartitionKeyType.DIMENSION)
                                .name("host")
                                .enforcementInRecord(PartitionKeyEnforcementLevel.REQUIRED)
                                .build())));

    Table updated =
        client
            .updateTable(
                b ->
                    b.databaseName("metrics")
                        .tableName("cpu")
                        .retentionProperties(
                            r ->
                                r.memoryStoreRetentionPeriodInHours(48L)
                                    .magneticStoreRetentionPeriodInDays(30L)))
            .table();

    assertThat(updated.retentionProperties().memoryStoreRetentionPeriodInHours()).isEqualTo(48);
    assertThat(updated.magneticStoreWriteProperties().enableMagneticStoreWrites()).isTrue();
    assertThat(updated.schema().compositePartitionKey().get(0).name()).isEqualTo("host");
    assertThat(updated.lastUpdatedTime()).isAfterOrEqualTo(updated.creationTime());
  }

  @Test
  void shouldRefuseRetentionOutsideTheServiceRange() {
    client.createDatabase(b -> b.databaseName("metrics"));

    assertThatThrownBy(
            () ->
                client.createTable(
                    b ->
                        b.databaseName("metrics")
                            .tableName("cpu")
                            .retentionProperties(
                                r ->
                                    r.memoryStoreRetentionPeriodInHours(8767L)
                                        .magneticStoreRetentionPeriodInDays(0L))))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("2 validation errors detected")
        .hasMessageContaining("Member must have value less than or equal to 8766")
        .hasMessageContaining("Member must have value greater than or equal to 1");
  }

  @Test
  void shouldRefuseDeletingDatabaseThatStillHasTables() {
    client.createDatabase(b -> b.databaseName("metrics"));
    client.createTable(b -> b.databaseName("metrics").tableName("cpu"));

    assertThatThrownBy(() -> client.deleteDatabase(b -> b.databaseName("metrics")))
        .isInstanceOf(ValidationException.class);

    client.deleteTable(b -> b.databaseName("metrics").tableName("cpu"));
    client.deleteDatabase(b -> b.databaseName("metrics"));
    assertThat(client.listDatabases(b -> {}).databases()).isEmpty();
  }

  @Test
  void shouldUpdateDatabaseKmsKey() {
    client.createDatabase(b -> b.databaseName("metrics"));

    Database updated =
        client.updateDatabase(b -> b.databaseName("metrics").kmsKeyId("my-key")).database();

    assertThat(updated.kmsKeyId()).isEqualTo("my-key");
    assertThatThrownBy(() -> client.updateDatabase(b -> b.databaseName("nope").kmsKeyId("k")))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void shouldPageDatabasesWithNextTokenAndPaginatorSeesAll() {
    for (int i = 0; i < 45; i++) {
      String name = String.format("db%02d", i);
      client.createDatabase(b -> b.databaseName(name));
    }
    ListDatabasesResponse first = client.listDatabases(b -> b.maxResults(20));
    assertThat(first.databases()).hasSize(20);
    assertThat(first.nextToken()).isNotNull();
    ListDatabasesResponse second =
        client.listDatabases(b -> b.maxResults(20).nextToken(first.nextToken()));
    assertThat(second.databases().get(0).databaseName()).isEqualTo("db20");

    List<String> all = new ArrayList<>();
    client
        .listDatabasesPaginator(b -> b.maxResults(7))
        .forEach(page -> page.databases().forEach(d -> all.add(d.databaseName())));
    assertThat(all).hasSize(45).isSorted().doesNotHaveDuplicates();

    assertThatThrownBy(() -> client.listDatabases(b -> b.maxResults(21)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("at 'maxResults'");
    assertThatThrownBy(() -> client.listDatabases(b -> b.nextToken("garbage!")))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void shouldListTablesOfOneDatabaseOrAllAcrossPages() {
    client.createDatabase(b -> b.databaseName("dba"));
    client.createDatabase(b -> b.databaseName("dbb"));
    for (int i = 0; i < 5; i++) {
      String name = "tab" + i;
      client.createTable(b -> b.databaseName("dba").tableName(name));
      client.createTable(b -> b.databaseName("dbb").tableName(name));
    }

    List<String> ofA = new ArrayList<>();
    client
        .listTablesPaginator(b -> b.databaseName("dba").maxResults(2))
        .forEach(page -> page.tables().forEach(t -> ofA.add(t.tableName())));
    List<String> all = new ArrayList<>();
    client
        .listTablesPaginator(b -> b.maxResults(3))
        .forEach(
            page -> page.tables().forEach(t -> all.add(t.databaseName() + "." + t.tableName())));

    assertThat(ofA).containsExactly("tab0", "tab1", "tab2", "tab3", "tab4");
    assertThat(all).hasSize(10).contains("dba.tab0", "dbb.tab4");
    assertThatThrownBy(() -> client.listTables(b -> b.databaseName("nope")))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void shouldAnswerDescribeEndpointsWithBareHostCachedForADay() {
    var endpoints = client.describeEndpoints(b -> {}).endpoints();

    assertThat(endpoints)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.address()).doesNotContain(":").doesNotContain("/");
              assertThat(e.cachePeriodInMinutes()).isEqualTo(1440);
            });
  }
}
