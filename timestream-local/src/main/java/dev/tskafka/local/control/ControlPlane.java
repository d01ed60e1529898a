package dev.tskafka.local.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tskafka.local.protocol.Json;
import dev.tskafka.local.protocol.ServiceException;
import dev.tskafka.local.protocol.Violations;
import dev.tskafka.local.store.Catalog;
import dev.tskafka.local.store.Database;
import dev.tskafka.local.store.PartitionKey;
import dev.tskafka.local.store.RetentionProperties;
import dev.tskafka.local.store.S3Location;
import dev.tskafka.local.store.Table;
import dev.tskafka.local.store.TableSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The database and table operations of the Timestream Write API. */
public final class ControlPlane {
  private static final Pattern CREATE_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
  private static final Pattern BUCKET_NAME =
      Pattern.compile("[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9]");
  private static final int DEFAULT_PAGE_SIZE = 20;

  private final Catalog catalog;
  private final Clock clock;
  private final String region;
  private final String accountId;

  public ControlPlane(Catalog catalog, Clock clock, String region, String accountId) {
    this.catalog = catalog;
    this.clock = clock;
    this.region = region;
    this.accountId = accountId;
  }

  public ObjectNode createDatabase(JsonNode request) {
    String name = Json.string(request, "DatabaseName");
    String kmsKeyId = Json.string(request, "KmsKeyId");
    JsonNode tags = Json.array(request, "Tags");
    Violations v = new Violations();
    checkCreateName(v, name, "databaseName");
    v.length(kmsKeyId, "kmsKeyId", 1, 2048);
    checkTags(v, tags);
    v.throwIfAny();
    Database database =
        catalog.createDatabase(
            name, kmsKeyId != null ? kmsKeyId : defaultKmsKey(), Json.tags(tags), clock.instant());
    return withDatabase(database);
  }

  public ObjectNode describeDatabase(JsonNode request) {
    String name = requiredName(request, "DatabaseName", "databaseName");
    return withDatabase(catalog.database(name));
  }

  public ObjectNode updateDatabase(JsonNode request) {
    String name = Json.string(request, "DatabaseName");
    String kmsKeyId = Json.string(request, "KmsKeyId");
    Violations v = new Violations();
    v.required(name, "databaseName");
    if (v.required(kmsKeyId, "kmsKeyId")) {
      v.length(kmsKeyId, "kmsKeyId", 1, 2048);
    }
    v.throwIfAny();
    return withDatabase(catalog.updateDatabase(name, kmsKeyId, clock.instant()));
  }

  public ObjectNode listDatabases(JsonNode request) {
    ObjectNode response = Json.MAPPER.createObjectNode();
    List<Database> page =
        page(request, catalog.databases(), Database::name, response, "Databases.");
    ArrayNode array = response.putArray("Databases");
    page.forEach(d -> array.add(toJson(d)));
    return response;
  }

  public ObjectNode deleteDatabase(JsonNode request) {
    catalog.deleteDatabase(requiredName(request, "DatabaseName", "databaseName"));
    return Json.MAPPER.createObjectNode();
  }

  public ObjectNode createTable(JsonNode request) {
    String database = Json.string(request, "DatabaseName");
    String name = Json.string(request, "TableName");
    JsonNode tags = Json.array(request, "Tags");
    Violations v = new Violations();
    checkCreateName(v, database, "databaseName");
    checkCreateName(v, name, "tableName");
    checkTags(v, tags);
    TableSettings settings = readSettings(v, request, TableSettings.DEFAULT);
    v.throwIfAny();
    Table table = catalog.createTable(database, name, settings, Json.tags(tags), clock.instant());
    return withTable(table);
  }

  public ObjectNode describeTable(JsonNode request) {
    String database = Json.string(request, "DatabaseName");
    String name = Json.string(request, "TableName");
    Violations v = new Violations();
    v.required(database, "databaseName");
    v.required(name, "tableName");
    v.throwIfAny();
    return withTable(catalog.table(database, name));
  }

  public ObjectNode updateTable(JsonNode request) {
    String database = Json.string(request, "DatabaseName");
    String name = Json.string(request, "TableName");
    Violations v = new Violations();
    v.required(database, "databaseName");
    v.required(name, "tableName");
    v.throwIfAny();
    Table table = catalog.table(database, name);
    TableSettings settings = readSettings(v, request, table.settings());
    v.throwIfAny();
    return withTable(catalog.updateTable(database, name, settings, clock.instant()));
  }

  public ObjectNode listTables(JsonNode request) {
    String database = Json.string(request, "DatabaseName");
    ObjectNode response = Json.MAPPER.createObjectNode();
    List<Table> page =
        page(
            request,
            catalog.tables(database),
            t -> t.databaseName() + "/" + t.name(),
            response,
            "Tables.");
    ArrayNode array = response.putArray("Tables");
    page.forEach(t -> array.add(toJson(t)));
    return response;
  }

  public ObjectNode deleteTable(JsonNode request) {
    String database = Json.string(request, "DatabaseName");
    String name = Json.string(request, "TableName");
    Violations v = new Violations();
    v.required(database, "databaseName");
    v.required(name, "tableName");
    v.throwIfAny();
    catalog.deleteTable(database, name);
    return Json.MAPPER.createObjectNode();
  }

  /**
   * Endpoint discovery: one bare host cached for a day, as the service answers. Java clients cannot
   * use a host with a port, so they must override the endpoint instead (see README).
   */
  public ObjectNode describeEndpoints(String host) {
    ObjectNode response = Json.MAPPER.createObjectNode();
    response
        .putArray("Endpoints")
        .addObject()
        .put("Address", host)
        .put("CachePeriodInMinutes", 1440);
    return response;
  }

  private static void checkCreateName(Violations v, String name, String path) {
    if (v.required(name, path)) {
      v.length(name, path, 3, 256);
      v.pattern(name, path, CREATE_NAME);
    }
  }

  private static String requiredName(JsonNode request, String member, String path) {
    String name = Json.string(request, member);
    Violations v = new Violations();
    v.required(name, path);
    v.throwIfAny();
    return name;
  }

  private static void checkTags(Violations v, JsonNode tags) {
    if (tags == null) {
      return;
    }
    v.size(tags.size(), "tags", 0, 200);
    int i = 1;
    for (JsonNode tag : tags) {
      String key = Json.string(tag, "Key");
      String value = Json.string(tag, "Value");
      String path = "tags." + i++ + ".member.";
      if (v.required(key, path + "key")) {
        v.length(key, path + "key", 1, 128);
      }
      if (v.required(value, path + "value")) {
        v.length(value, path + "value", 0, 256);
      }
    }
  }

  /** Settings from the request's optional members, each absent one kept from {@code base}. */
  private static TableSettings readSettings(Violations v, JsonNode request, TableSettings base) {
    RetentionProperties retention = base.retention();
    JsonNode retentionNode = Json.object(request, "RetentionProperties");
    if (retentionNode != null) {
      Long hours = Json.integer(retentionNode, "MemoryStoreRetentionPeriodInHours");
      Long days = Json.integer(retentionNode, "MagneticStoreRetentionPeriodInDays");
      String path = "retentionProperties.";
      v.required(hours, path + "memoryStoreRetentionPeriodInHours");
      v.required(days, path + "magneticStoreRetentionPeriodInDays");
      v.range(hours, path + "memoryStoreRetentionPeriodInHours", 1, 8766);
      v.range(days, path + "magneticStoreRetentionPeriodInDays", 1, 73000);
      if (hours != null && days != null) {
        retention = new RetentionProperties(hours, days);
      }
    }
    boolean magneticWrites = base.magneticStoreWritesEnabled();
    S3Location rejectedLocation = base.magneticRejectedDataLocation();
    JsonNode magneticNode = Json.object(request, "MagneticStoreWriteProperties");
    if (magneticNode != null) {
      Boolean enabled = Json.bool(magneticNode, "EnableMagneticStoreWrites").orElse(null);
      if (v.required(enabled, "magneticStoreWriteProperties.enableMagneticStoreWrites")) {
        magneticWrites = enabled;
      }
      rejectedLocation = readRejectedLocation(v, magneticNode);
    }
    List<PartitionKey> schema = base.schema();
    JsonNode schemaNode = Json.object(request, "Schema");
    if (schemaNode != null) {
      schema = readSchema(v, schemaNode);
    }
    return new TableSettings(retention, magneticWrites, rejectedLocation, schema);
  }

  private static S3Location readRejectedLocation(Violations v, JsonNode magneticNode) {
    JsonNode location = Json.object(magneticNode, "MagneticStoreRejectedDataLocation");
    JsonNode s3 = location == null ? null : Json.object(location, "S3Configuration");
    if (s3 == null) {
      return null;
    }
    String path = "magneticStoreWriteProperties.magneticStoreRejectedDataLocation.s3Configuration.";
    String bucket = Json.string(s3, "BucketName");
    String prefix = Json.string(s3, "ObjectKeyPrefix");
    String encryption = Json.string(s3, "EncryptionOption");
    String kmsKeyId = Json.string(s3, "KmsKeyId");
    v.length(bucket, path + "bucketName", 3, 63);
    v.pattern(bucket, path + "bucketName", BUCKET_NAME);
    v.length(prefix, path + "objectKeyPrefix", 1, 928);
    v.oneOf(encryption, path + "encryptionOption", List.of("SSE_S3", "SSE_KMS"));
    v.length(kmsKeyId, path + "kmsKeyId", 1, 2048);
    return new S3Location(bucket, prefix, encryption, kmsKeyId);
  }

  private static List<PartitionKey> readSchema(Violations v, JsonNode schemaNode) {
    JsonNode keys = Json.array(schemaNode, "CompositePartitionKey");
    List<PartitionKey> schema = new ArrayList<>();
    if (keys == null || keys.isEmpty()) {
      v.fail(
          "[]",
          "schema.compositePartitionKey",
          "Member must have length greater than or equal to 1");
      return schema;
    }
    int i = 1;
    for (JsonNode key : keys) {
      String path = "schema.compositePartitionKey." + i++ + ".member.";
      String type = Json.string(key, "Type");
      String name = Json.string(key, "Name");
      String enforcement = Json.string(key, "EnforcementInRecord");
      if (v.required(type, path + "type")) {
        v.oneOf(type, path + "type", List.of("DIMENSION", "MEASURE"));
      }
      v.length(name, path + "name", 1, Integer.MAX_VALUE);
      v.oneOf(enforcement, path + "enforcementInRecord", List.of("REQUIRED", "OPTIONAL"));
      if ("DIMENSION".equals(type) && name == null) {
        v.fail(null, path + "name", "A DIMENSION partition key must name its dimension");
      }
      schema.add(new PartitionKey(type, name, enforcement));
    }
    return schema;
  }

  /**
   * One page of {@code items} (sorted by {@code key}) after the request's NextToken; sets the
   * response's NextToken when more remain.
   */
  private static <T> List<T> page(
      JsonNode request, List<T> items, Function<T, String> key, ObjectNode response, String what) {
    Long maxResults = Json.integer(request, "MaxResults");
    String nextToken = Json.string(request, "NextToken");
    Violations v = new Violations();
    v.range(maxResults, "maxResults", 1, 20);
    v.throwIfAny();
    String after = nextToken == null ? null : decodeToken(nextToken);
    int size = maxResults == null ? DEFAULT_PAGE_SIZE : maxResults.intValue();
    List<T> page = new ArrayList<>();
    boolean more = false;
    for (T item : items) {
      if (after != null && key.apply(item).compareTo(after) <= 0) {
        continue;
      }
      if (page.size() == size) {
        more = true;
        break;
      }
      page.add(item);
    }
    if (more) {
      response.put("NextToken", encodeToken(key.apply(page.get(page.size() - 1))));
    }
    return page;
  }

  private static String encodeToken(String lastKey) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("v1:" + lastKey).getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeToken(String token) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (decoded.startsWith("v1:")) {
        return decoded.substring(3);
      }
    } catch (IllegalArgumentException e) {
      // falls through to the refusal
    }
    throw ServiceException.validation("The NextToken provided is not valid.");
  }

  private String defaultKmsKey() {
    return "arn:aws:kms:" + region + ":" + accountId + ":key/timestream-managed-default";
  }

  private String databaseArn(String database) {
    return "arn:aws:timestream:" + region + ":" + accountId + ":database/" + database;
  }

  private ObjectNode withDatabase(Database database) {
    ObjectNode response = Json.MAPPER.createObjectNode();
    response.set("Database", toJson(database));
    return response;
  }

  private ObjectNode withTable(Table table) {
    ObjectNode response = Json.MAPPER.createObjectNode();
    response.set("Table", toJson(table));
    return response;
  }

  private ObjectNode toJson(Database database) {
    return Json.MAPPER
        .createObjectNode()
        .put("Arn", databaseArn(database.name()))
        .put("DatabaseName", database.name())
        .put("TableCount", database.tableCount())
        .put("KmsKeyId", database.kmsKeyId())
        .put("CreationTime", Json.epochSeconds(database.creationTime()))
        .put("LastUpdatedTime", Json.epochSeconds(database.lastUpdatedTime()));
  }

  private ObjectNode toJson(Table table) {
    TableSettings settings = table.settings();
    ObjectNode node =
        Json.MAPPER
            .createObjectNode()
            .put("Arn", databaseArn(table.databaseName()) + "/table/" + table.name())
            .put("TableName", table.name())
            .put("DatabaseName", table.databaseName())
            .put("TableStatus", "ACTIVE");
    node.putObject("RetentionProperties")
        .put("MemoryStoreRetentionPeriodInHours", settings.retention().memoryStoreHours())
        .put("MagneticStoreRetentionPeriodInDays", settings.retention().magneticStoreDays());
    node.put("CreationTime", Json.epochSeconds(table.creationTime()));
    node.put("LastUpdatedTime", Json.epochSeconds(table.lastUpdatedTime()));
    ObjectNode magnetic =
        node.putObject("MagneticStoreWriteProperties")
            .put("EnableMagneticStoreWrites", settings.magneticStoreWritesEnabled());
    S3Location location = settings.magneticRejectedDataLocation();
    if (location != null) {
      ObjectNode s3 =
          magnetic.putObject("MagneticStoreRejectedDataLocation").putObject("S3Configuration");
      putIfSet(s3, "BucketName", location.bucketName());
      putIfSet(s3, "ObjectKeyPrefix", location.objectKeyPrefix());
      putIfSet(s3, "EncryptionOption", location.encryptionOption());
      putIfSet(s3, "KmsKeyId", location.kmsKeyId());
    }
    ArrayNode keys = node.putObject("Schema").putArray("CompositePartitionKey");
    for (PartitionKey key : settings.schema()) {
      ObjectNode k = keys.addObject().put("Type", key.type());
      putIfSet(k, "Name", key.name());
      putIfSet(k, "EnforcementInRecord", key.enforcement());
    }
    return node;
  }

  private static void putIfSet(ObjectNode node, String member, String value) {
    if (value != null) {
      node.put(member, value);
    }
  }
}
