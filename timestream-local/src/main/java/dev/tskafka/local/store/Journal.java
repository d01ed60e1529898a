package dev.tskafka.local.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An append-only JSON-lines journal of catalog changes. Each line is written and flushed before the
 * change is acknowledged; on open the journal is replayed and then compacted into one line per
 * database, table and row batch.
 */
final class Journal implements ChangeLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private BufferedWriter out;

  Journal(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    this.file = file;
  }

  void replayInto(Catalog catalog) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      JsonNode event;
      try {
        event = JSON.readTree(line);
      } catch (IOException e) {
        if (i == lines.size() - 1) {
          // A torn last line from a crash: it was never acknowledged, so it is dropped.
          return;
        }
        throw new IOException("Corrupt journal " + file + " at line " + (i + 1), e);
      }
      apply(catalog, event);
    }
  }

  private static void apply(Catalog catalog, JsonNode event) {
    switch (event.path("e").asText()) {
      case "db" -> catalog.restoreDatabase(readDatabase(event));
      case "dropdb" -> catalog.forgetDatabase(event.get("name").asText());
      case "table" -> catalog.restoreTable(readTable(event));
      case "droptable" -> catalog.forgetTable(event.get("db").asText(), event.get("name").asText());
      case "rows" -> {
        Table table = catalog.table(event.get("db").asText(), event.get("table").asText());
        for (JsonNode row : event.get("rows")) {
          table.restore(readRow(row));
        }
      }
      case "reset" -> catalog.forgetAll();
      default -> throw new IllegalStateException("Unknown journal event: " + event);
    }
  }

  /** Rewrites the journal as the catalog's current state, replacing the file atomically. */
  synchronized void compact(Catalog catalog) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedWriter writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      out = writer;
      for (Database database : catalog.databases()) {
        databaseSaved(database);
        for (Table table : catalog.tables(database.name())) {
          tableSaved(table);
          List<StoredRow> rows = table.allRows();
          for (int i = 0; i < rows.size(); i += 1000) {
            rowsStored(table, rows.subList(i, Math.min(rows.size(), i + 1000)));
          }
        }
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Override
  public void databaseSaved(Database database) {
    ObjectNode event = event("db").put("name", database.name()).put("kms", database.kmsKeyId());
    event.set("tags", JSON.valueToTree(database.tags()));
    event.put("created", database.creationTime().toString());
    event.put("updated", database.lastUpdatedTime().toString());
    append(event);
  }

  @Override
  public void databaseDeleted(String database) {
    append(event("dropdb").put("name", database));
  }

  @Override
  public void tableSaved(Table table) {
    ObjectNode event = event("table").put("db", table.databaseName()).put("name", table.name());
    event.set("settings", JSON.valueToTree(table.settings()));
    event.set("tags", JSON.valueToTree(table.tags()));
    event.put("created", table.creationTime().toString());
    event.put("updated", table.lastUpdatedTime().toString());
    append(event);
  }

  @Override
  public void tableDeleted(String database, String table) {
    append(event("droptable").put("db", database).put("name", table));
  }

  @Override
  public void rowsStored(Table table, List<StoredRow> rows) {
    ObjectNode event = event("rows").put("db", table.databaseName()).put("table", table.name());
    ArrayNode array = event.putArray("rows");
    for (StoredRow row : rows) {
      array.add(writeRow(row));
    }
    append(event);
  }

  @Override
  public void cleared() {
    append(event("reset"));
  }

  private static ObjectNode event(String type) {
    return JSON.createObjectNode().put("e", type);
  }

  private synchronized void append(ObjectNode event) {
    try {
      out.write(JSON.writeValueAsString(event));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write journal " + file, e);
    }
  }

  synchronized void close() {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode writeRow(StoredRow row) {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode dims = node.putArray("d");
    for (Dimension d : row.series().dimensions()) {
      dims.addArray().add(d.name()).add(d.value());
    }
    node.put("m", row.measureName()).put("t", row.timeNanos()).put("type", row.type().name());
    if (row.type() == MeasureValueType.MULTI) {
      ArrayNode values = node.putArray("mv");
      for (MeasureValue v : row.values()) {
        values.addArray().add(v.name()).add(v.type().name()).add(v.value());
      }
    } else {
      node.put("v", row.value());
    }
    return node.put("ver", row.version()).put("mag", row.magnetic());
  }

  private static StoredRow readRow(JsonNode node) {
    List<Dimension> dims = new ArrayList<>();
    for (JsonNode d : node.get("d")) {
      dims.add(new Dimension(d.get(0).asText(), d.get(1).asText()));
    }
    MeasureValueType type = MeasureValueType.valueOf(node.get("type").asText());
    List<MeasureValue> values = null;
    if (type == MeasureValueType.MULTI) {
      values = new ArrayList<>();
      for (JsonNode v : node.get("mv")) {
        values.add(
            new MeasureValue(
                v.get(0).asText(), MeasureValueType.valueOf(v.get(1).asText()), v.get(2).asText()));
      }
    }
    return new StoredRow(
        SeriesKey.of(dims),
        node.get("m").asText(),
        node.get("t").asLong(),
        type,
        type == MeasureValueType.MULTI ? null : node.get("v").asText(),
        values,
        node.get("ver").asLong(),
        node.get("mag").asBoolean());
  }

  private static Database readDatabase(JsonNode event) {
    return new Database(
        event.get("name").asText(),
        event.get("kms").asText(),
        readTags(event.get("tags")),
        Instant.parse(event.get("created").asText()),
        Instant.parse(event.get("updated").asText()));
  }

  private static Table readTable(JsonNode event) {
    try {
      return new Table(
          event.get("db").asText(),
          event.get("name").asText(),
          JSON.treeToValue(event.get("settings"), TableSettings.class),
          readTags(event.get("tags")),
          Instant.parse(event.get("created").asText()),
          Instant.parse(event.get("updated").asText()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> readTags(JsonNode node) {
    Map<String, String> tags = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      tags.put(e.getKey(), e.getValue().asText());
    }
    return tags;
  }
}
