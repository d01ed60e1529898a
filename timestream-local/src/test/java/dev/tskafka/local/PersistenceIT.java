package dev.tskafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tskafka.local.store.RowQuery;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteClient;
import software.amazon.awssdk.services.timestreamwrite.model.Dimension;
import software.amazon.awssdk.services.timestreamwrite.model.Record;

class PersistenceIT {
  @TempDir Path dataDir;

  private static final long TIME = System.currentTimeMillis();

  private static Record record(String host, String value, long version) {
    return Record.builder()
        .dimensions(Dimension.builder().name("host").value(host).build())
        .measureName("cpu")
        .measureValue(value)
        .time(Long.toString(TIME))
        .version(version)
        .build();
  }

  @Test
  void shouldKeepDatabasesTablesAndRowsAcrossRestartWithDataDir() {
    try (TimestreamLocal local = TimestreamLocal.builder().dataDir(dataDir).start();
        TimestreamWriteClient client = LocalEndpoint.client(local.endpoint())) {
      client.createDatabase(b -> b.databaseName("kept"));
      client.createTable(
          b ->
              b.databaseName("kept")
                  .tableName("cpu")
                  .retentionProperties(
                      r ->
                          r.memoryStoreRetentionPeriodInHours(24L)
                              .magneticStoreRetentionPeriodInDays(7L)));
      client.createTable(b -> b.databaseName("kept").tableName("dropped"));
      client.deleteTable(b -> b.databaseName("kept").tableName("dropped"));
      client.writeRecords(
          b ->
              b.databaseName("kept")
                  .tableName("cpu")
                  .records(record("a", "1.5", 1), record("b", "2.5", 1)));
      client.writeRecords(
          b -> b.databaseName("kept").tableName("cpu").records(record("a", "9.5", 2)));
    }

    try (TimestreamLocal local = TimestreamLocal.builder().dataDir(dataDir).start();
        TimestreamWriteClient client = LocalEndpoint.client(local.endpoint())) {
      var table = client.describeTable(b -> b.databaseName("kept").tableName("cpu")).table();
      assertThat(table.retentionProperties().memoryStoreRetentionPeriodInHours()).isEqualTo(24);
      assertThat(client.listTables(b -> b.databaseName("kept")).tables()).hasSize(1);
      var rows = local.rows("kept", "cpu", RowQuery.ALL).rows();
      assertThat(rows).hasSize(2);
      assertThat(rows)
          .filteredOn(r -> r.series().asMap().get("host").equals("a"))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.value()).isEqualTo("9.5");
                assertThat(r.version()).isEqualTo(2);
              });
    }
  }

  @Test
  void shouldForgetEverythingAfterResetAcrossRestart() {
    try (TimestreamLocal local = TimestreamLocal.builder().dataDir(dataDir).start();
        TimestreamWriteClient client = LocalEndpoint.client(local.endpoint())) {
      client.createDatabase(b -> b.databaseName("gone"));
      local.reset();
    }
    try (TimestreamLocal local = TimestreamLocal.builder().dataDir(dataDir).start()) {
      assertThat(local.catalog().databases()).isEmpty();
    }
  }

  @Test
  void shouldKeepNothingWithoutDataDir() {
    try (TimestreamLocal local = TimestreamLocal.builder().start();
        TimestreamWriteClient client = LocalEndpoint.client(local.endpoint())) {
      client.createDatabase(b -> b.databaseName("memory"));
    }
    try (TimestreamLocal local = TimestreamLocal.builder().start()) {
      assertThat(local.catalog().databases()).isEmpty();
    }
  }
}
