package dev.tskafka.connector.config;

import dev.tskafka.connector.mapping.DimensionSpec;
import dev.tskafka.connector.mapping.FieldRef;
import dev.tskafka.connector.mapping.MappingSpec;
import dev.tskafka.connector.mapping.MeasureNameSpec;
import dev.tskafka.connector.mapping.MeasureSpec;
import dev.tskafka.connector.mapping.RecordShape;
import dev.tskafka.connector.mapping.TimeUnitSetting;
import dev.tskafka.connector.mapping.VersionSource;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/**
 * The connector's configuration: every setting starts with {@code timestream.}. Accessors return
 * domain types. Cross-field rules live in {@link ConfigChecks} so that {@code validate()} reports
 * them as field errors.
 */
public final class TimestreamSinkConfig extends AbstractConfig {
  public static final String GROUP_CONNECTION = "Connection";
  public static final String GROUP_TABLE = "Table";
  public static final String GROUP_MAPPING = "Mapping";
  public static final String GROUP_BATCHING = "Batching";
  public static final String GROUP_ERRORS = "Errors and retries";

  // Connection
  public static final String REGION = "timestream.region";
  private static final String REGION_DOC =
      "AWS region of the Timestream database, e.g. us-east-1. Blank: the AWS default region chain"
          + " (AWS_REGION, profile); with an endpoint override and no region, us-east-1.";
  public static final String ENDPOINT = "timestream.endpoint";
  private static final String ENDPOINT_DOC =
      "Endpoint override, e.g. http://127.0.0.1:8000 for timestream-local. Blank: Timestream's"
          + " endpoint discovery, which the service requires.";
  public static final String CREDENTIALS = "timestream.credentials.provider";
  private static final String CREDENTIALS_DOC =
      "Where AWS credentials come from: DEFAULT (the AWS default chain), PROFILE"
          + " (timestream.aws.profile), STATIC (timestream.aws.access.key.id and"
          + " timestream.aws.secret.access.key), ASSUME_ROLE (timestream.aws.role.arn through STS).";
  public static final String PROFILE = "timestream.aws.profile";
  private static final String PROFILE_DOC = "Profile name when credentials come from PROFILE.";
  public static final String ACCESS_KEY_ID = "timestream.aws.access.key.id";
  private static final String ACCESS_KEY_ID_DOC = "Access key id when credentials are STATIC.";
  public static final String SECRET_ACCESS_KEY = "timestream.aws.secret.access.key";
  private static final String SECRET_ACCESS_KEY_DOC =
      "Secret access key when credentials are STATIC. Never logged.";
  public static final String SESSION_TOKEN = "timestream.aws.session.token";
  private static final String SESSION_TOKEN_DOC =
      "Optional session token for temporary STATIC credentials. Never logged.";
  public static final String ROLE_ARN = "timestream.aws.role.arn";
  private static final String ROLE_ARN_DOC = "IAM role to assume when credentials are ASSUME_ROLE.";
  public static final String ROLE_SESSION_NAME = "timestream.aws.role.session.name";
  private static final String ROLE_SESSION_NAME_DOC = "Session name for the assumed role.";
  public static final String ROLE_EXTERNAL_ID = "timestream.aws.role.external.id";
  private static final String ROLE_EXTERNAL_ID_DOC =
      "Optional external id for the assumed role. Never logged.";
  public static final String REQUEST_TIMEOUT_MS = "timestream.request.timeout.ms";
  private static final String REQUEST_TIMEOUT_MS_DOC =
      "Time allowed for one WriteRecords attempt before it counts as failed and is retried.";

  // Table
  public static final String DATABASE = "timestream.database";
  private static final String DATABASE_DOC = "Timestream database to write to.";
  public static final String TABLE = "timestream.table";
  private static final String TABLE_DOC =
      "Table to write to; ${topic} is replaced by the record's topic.";
  public static final String TABLE_AUTO_CREATE = "timestream.table.auto.create";
  private static final String TABLE_AUTO_CREATE_DOC =
      "Create the database and tables when missing. When false, a missing table fails the task at"
          + " start (or at its first record, for tables named after topics matched by topics.regex).";
  public static final String MEMORY_RETENTION_HOURS = "timestream.table.memory.retention.hours";
  private static final String MEMORY_RETENTION_HOURS_DOC =
      "Memory store retention of created tables. Records older than this are rejected unless"
          + " magnetic store writes are enabled.";
  public static final String MAGNETIC_RETENTION_DAYS = "timestream.table.magnetic.retention.days";
  private static final String MAGNETIC_RETENTION_DAYS_DOC =
      "Magnetic store retention of created tables.";
  public static final String MAGNETIC_WRITES = "timestream.table.magnetic.writes.enable";
  private static final String MAGNETIC_WRITES_DOC =
      "Enable magnetic store writes on created tables, so late records older than the memory"
          + " retention are accepted.";
  public static final String PARTITION_KEY = "timestream.table.partition.key";
  private static final String PARTITION_KEY_DOC =
      "Dimension used as the customer-defined partition key of created tables. Blank: Timestream's"
          + " default partitioning by measure name.";

  // Mapping
  public static final String RECORD_SHAPE = "timestream.record.shape";
  private static final String RECORD_SHAPE_DOC =
      "MULTI: one multi-measure record per Kafka record. SINGLE: one record per measure (with"
          + " timestream.measure.name = ${field} and one measure, long-format events such as"
          + " {\"measure_name\":\"temperature\",\"value\":25.5}).";
  public static final String DIMENSIONS = "timestream.dimensions";
  private static final String DIMENSIONS_DOC =
      "Comma list of dimension fields, each 'path' or 'path:name'. A path reads the record value"
          + " (a.b.c through structs and maps); $key, $key.path, $header.name, $topic, $partition"
          + " and $offset read elsewhere. Null or empty values are omitted from the record.";
  public static final String MEASURES = "timestream.measures";
  private static final String MEASURES_DOC =
      "Comma list of measure fields, each 'path', 'path:TYPE', 'path:name' or 'path:name:TYPE' with"
          + " TYPE one of DOUBLE, BIGINT, VARCHAR, BOOLEAN, TIMESTAMP (inferred when absent). Blank:"
          + " every scalar value field not used as dimension, time, version or measure name; nested"
          + " fields are named by path with '_'.";
  public static final String MEASURE_NAME = "timestream.measure.name";
  private static final String MEASURE_NAME_DOC =
      "MULTI: the record's measure name (blank: 'metrics'). SINGLE: blank names each record after"
          + " its measure; a constant or ${path} (read from each record) requires exactly one"
          + " measure.";
  public static final String TIME_FIELD = "timestream.time.field";
  private static final String TIME_FIELD_DOC =
      "Field holding the record time: a Connect Timestamp or Date, an epoch number, or ISO-8601"
          + " text. Blank: the Kafka record timestamp.";
  public static final String TIME_UNIT = "timestream.time.unit";
  private static final String TIME_UNIT_DOC =
      "Unit of a numeric time field: SECONDS, MILLISECONDS, MICROSECONDS, NANOSECONDS, or AUTO to"
          + " detect it from the magnitude (valid for times between 1973 and 5138).";
  public static final String VERSION_SOURCE = "timestream.version.source";
  private static final String VERSION_SOURCE_DOC =
      "Record Version: OFFSET (Kafka offset + 1: a replay rewrites the same version, a later"
          + " update of the same point wins), FIELD (timestream.version.field) or NONE.";
  public static final String VERSION_FIELD = "timestream.version.field";
  private static final String VERSION_FIELD_DOC =
      "Field holding an integer version >= 1 when the version source is FIELD.";

  // Batching
  public static final String BATCH_SIZE = "timestream.batch.size";
  private static final String BATCH_SIZE_DOC =
      "Timestream records per WriteRecords call (the service allows at most 100). Batches fill"
          + " per table across put() calls.";
  public static final String BATCH_LINGER_MS = "timestream.batch.linger.ms";
  private static final String BATCH_LINGER_MS_DOC =
      "Longest time a partial batch waits for more records before it is written. Batches are also"
          + " written when full and at every offset commit.";
  public static final String MAX_IN_FLIGHT = "timestream.max.in.flight";
  private static final String MAX_IN_FLIGHT_DOC =
      "WriteRecords calls in flight at once per task. A task writes at most max.in.flight x"
          + " batch.size records per call latency: 128 x 100 at 40 ms is 320,000 records/s. All of a"
          + " task's calls share one I/O thread; each holds a connection.";
  public static final String MAX_BUFFERED_RECORDS = "timestream.max.buffered.records";
  private static final String MAX_BUFFERED_RECORDS_DOC =
      "Back-pressure bound: put() waits while this many Timestream records are buffered or being"
          + " written. Keep it a little above max.in.flight x batch.size (12,800 by default), which"
          + " keeps every call slot busy: records beyond it only wait, and records that wait long"
          + " enough to survive young garbage collections cost the worker GC time.";

  public static final String MAX_PUT_WAIT_MS = "timestream.max.put.wait.ms";
  private static final String MAX_PUT_WAIT_MS_DOC =
      "Longest time one put() waits for room under timestream.max.buffered.records. After it,"
          + " put() hands the records back to Connect (RetriableException), which delivers them"
          + " again after a short pause: the task keeps polling, so it answers stop and rebalance"
          + " and stays in its consumer group. Keep it well below the consumer's"
          + " max.poll.interval.ms (300000 by default).";

  // Errors and retries
  public static final String RETRY_MAX_ATTEMPTS = "timestream.retry.max.attempts";
  private static final String RETRY_MAX_ATTEMPTS_DOC =
      "Attempts per WriteRecords call on throttling, 5xx, timeouts and connection errors, after"
          + " which the task fails (its records' offsets are not committed, so nothing is lost).";
  public static final String RETRY_BACKOFF_MS = "timestream.retry.backoff.ms";
  private static final String RETRY_BACKOFF_MS_DOC =
      "Base of the exponential backoff between attempts (with full jitter).";
  public static final String RETRY_BACKOFF_MAX_MS = "timestream.retry.backoff.max.ms";
  private static final String RETRY_BACKOFF_MAX_MS_DOC = "Cap of the backoff between attempts.";

  /** Connect's own setting, read to decide between the dead-letter queue and failing the task. */
  public static final String ERRORS_TOLERANCE = "errors.tolerance";

  public static final ConfigDef CONFIG_DEF = configDef();

  public TimestreamSinkConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
  }

  private static ConfigDef configDef() {
    ConfigDef def = new ConfigDef();
    int order = 0;
    def.define(
            REGION,
            Type.STRING,
            "",
            Importance.HIGH,
            REGION_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.SHORT,
            "AWS region")
        .define(
            ENDPOINT,
            Type.STRING,
            "",
            new EndpointValidator(),
            Importance.MEDIUM,
            ENDPOINT_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.LONG,
            "Endpoint override")
        .define(
            CREDENTIALS,
            Type.STRING,
            CredentialsSource.DEFAULT.name(),
            new EnumValidator(CredentialsSource.class),
            Importance.HIGH,
            CREDENTIALS_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.SHORT,
            "Credentials provider")
        .define(
            PROFILE,
            Type.STRING,
            "",
            Importance.LOW,
            PROFILE_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.SHORT,
            "AWS profile")
        .define(
            ACCESS_KEY_ID,
            Type.PASSWORD,
            "",
            Importance.MEDIUM,
            ACCESS_KEY_ID_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.MEDIUM,
            "Access key id")
        .define(
            SECRET_ACCESS_KEY,
            Type.PASSWORD,
            "",
            Importance.MEDIUM,
            SECRET_ACCESS_KEY_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.MEDIUM,
            "Secret access key")
        .define(
            SESSION_TOKEN,
            Type.PASSWORD,
            "",
            Importance.LOW,
            SESSION_TOKEN_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.LONG,
            "Session token")
        .define(
            ROLE_ARN,
            Type.STRING,
            "",
            Importance.LOW,
            ROLE_ARN_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.LONG,
            "Role ARN")
        .define(
            ROLE_SESSION_NAME,
            Type.STRING,
            "timestream-kafka-connector",
            Importance.LOW,
            ROLE_SESSION_NAME_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.MEDIUM,
            "Role session name")
        .define(
            ROLE_EXTERNAL_ID,
            Type.PASSWORD,
            "",
            Importance.LOW,
            ROLE_EXTERNAL_ID_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.MEDIUM,
            "Role external id")
        .define(
            REQUEST_TIMEOUT_MS,
            Type.LONG,
            30_000L,
            Range.between(100L, 600_000L),
            Importance.LOW,
            REQUEST_TIMEOUT_MS_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.SHORT,
            "Request timeout (ms)");
    order = 0;
    def.define(
            DATABASE,
            Type.STRING,
            ConfigDef.NO_DEFAULT_VALUE,
            new NameValidator(false),
            Importance.HIGH,
            DATABASE_DOC,
            GROUP_TABLE,
            ++order,
            Width.MEDIUM,
            "Database")
        .define(
            TABLE,
            Type.STRING,
            MappingSpec.TOPIC_PLACEHOLDER,
            new NameValidator(true),
            Importance.HIGH,
            TABLE_DOC,
            GROUP_TABLE,
            ++order,
            Width.MEDIUM,
            "Table")
        .define(
            TABLE_AUTO_CREATE,
            Type.BOOLEAN,
            false,
            Importance.MEDIUM,
            TABLE_AUTO_CREATE_DOC,
            GROUP_TABLE,
            ++order,
            Width.SHORT,
            "Create database and tables")
        .define(
            MEMORY_RETENTION_HOURS,
            Type.INT,
            24,
            Range.between(1, 8766),
            Importance.LOW,
            MEMORY_RETENTION_HOURS_DOC,
            GROUP_TABLE,
            ++order,
            Width.SHORT,
            "Memory retention (hours)")
        .define(
            MAGNETIC_RETENTION_DAYS,
            Type.INT,
            365,
            Range.between(1, 73_000),
            Importance.LOW,
            MAGNETIC_RETENTION_DAYS_DOC,
            GROUP_TABLE,
            ++order,
            Width.SHORT,
            "Magnetic retention (days)")
        .define(
            MAGNETIC_WRITES,
            Type.BOOLEAN,
            false,
            Importance.LOW,
            MAGNETIC_WRITES_DOC,
            GROUP_TABLE,
            ++order,
            Width.SHORT,
            "Magnetic store writes")
        .define(
            PARTITION_KEY,
            Type.STRING,
            "",
            Importance.LOW,
            PARTITION_KEY_DOC,
            GROUP_TABLE,
            ++order,
            Width.MEDIUM,
            "Partition key dimension");
    order = 0;
    def.define(
            RECORD_SHAPE,
            Type.STRING,
            RecordShape.MULTI.name(),
            new EnumValidator(RecordShape.class),
            Importance.HIGH,
            RECORD_SHAPE_DOC,
            GROUP_MAPPING,
            ++order,
            Width.SHORT,
            "Record shape")
        .define(
            DIMENSIONS,
            Type.LIST,
            ConfigDef.NO_DEFAULT_VALUE,
            ConfigDef.CompositeValidator.of(
                new NonEmptyListValidator(),
                new SpecListValidator(DimensionSpec::parse, "path[:name], ...")),
            Importance.HIGH,
            DIMENSIONS_DOC,
            GROUP_MAPPING,
            ++order,
            Width.LONG,
            "Dimensions")
        .define(
            MEASURES,
            Type.LIST,
            "",
            new SpecListValidator(MeasureSpec::parse, "path[:name][:TYPE], ... or blank"),
            Importance.HIGH,
            MEASURES_DOC,
            GROUP_MAPPING,
            ++order,
            Width.LONG,
            "Measures")
        .define(
            MEASURE_NAME,
            Type.STRING,
            "",
            Importance.MEDIUM,
            MEASURE_NAME_DOC,
            GROUP_MAPPING,
            ++order,
            Width.MEDIUM,
            "Measure name")
        .define(
            TIME_FIELD,
            Type.STRING,
            "",
            Importance.HIGH,
            TIME_FIELD_DOC,
            GROUP_MAPPING,
            ++order,
            Width.MEDIUM,
            "Time field")
        .define(
            TIME_UNIT,
            Type.STRING,
            TimeUnitSetting.AUTO.name(),
            new EnumValidator(TimeUnitSetting.class),
            Importance.MEDIUM,
            TIME_UNIT_DOC,
            GROUP_MAPPING,
            ++order,
            Width.SHORT,
            "Time unit")
        .define(
            VERSION_SOURCE,
            Type.STRING,
            VersionSource.OFFSET.name(),
            new EnumValidator(VersionSource.class),
            Importance.MEDIUM,
            VERSION_SOURCE_DOC,
            GROUP_MAPPING,
            ++order,
            Width.SHORT,
            "Version source")
        .define(
            VERSION_FIELD,
            Type.STRING,
            "",
            Importance.LOW,
            VERSION_FIELD_DOC,
            GROUP_MAPPING,
            ++order,
            Width.MEDIUM,
            "Version field");
    order = 0;
    def.define(
            BATCH_SIZE,
            Type.INT,
            100,
            Range.between(1, 100),
            Importance.MEDIUM,
            BATCH_SIZE_DOC,
            GROUP_BATCHING,
            ++order,
            Width.SHORT,
            "Batch size")
        .define(
            BATCH_LINGER_MS,
            Type.LONG,
            500L,
            Range.between(0L, 600_000L),
            Importance.MEDIUM,
            BATCH_LINGER_MS_DOC,
            GROUP_BATCHING,
            ++order,
            Width.SHORT,
            "Batch linger (ms)")
        .define(
            MAX_IN_FLIGHT,
            Type.INT,
            128,
            Range.between(1, 256),
            Importance.MEDIUM,
            MAX_IN_FLIGHT_DOC,
            GROUP_BATCHING,
            ++order,
            Width.SHORT,
            "Calls in flight")
        .define(
            MAX_BUFFERED_RECORDS,
            Type.INT,
            16_000,
            Range.between(100, 10_000_000),
            Importance.LOW,
            MAX_BUFFERED_RECORDS_DOC,
            GROUP_BATCHING,
            ++order,
            Width.SHORT,
            "Buffered records bound")
        .define(
            MAX_PUT_WAIT_MS,
            Type.LONG,
            30_000L,
            Range.between(0L, 600_000L),
            Importance.LOW,
            MAX_PUT_WAIT_MS_DOC,
            GROUP_BATCHING,
            ++order,
            Width.SHORT,
            "Longest put() wait (ms)");
    order = 0;
    def.define(
            RETRY_MAX_ATTEMPTS,
            Type.INT,
            10,
            Range.between(1, 1000),
            Importance.MEDIUM,
            RETRY_MAX_ATTEMPTS_DOC,
            GROUP_ERRORS,
            ++order,
            Width.SHORT,
            "Attempts per call")
        .define(
            RETRY_BACKOFF_MS,
            Type.LONG,
            100L,
            Range.between(1L, 60_000L),
            Importance.LOW,
            RETRY_BACKOFF_MS_DOC,
            GROUP_ERRORS,
            ++order,
            Width.SHORT,
            "Retry backoff (ms)")
        .define(
            RETRY_BACKOFF_MAX_MS,
            Type.LONG,
            10_000L,
            Range.between(1L, 600_000L),
            Importance.LOW,
            RETRY_BACKOFF_MAX_MS_DOC,
            GROUP_ERRORS,
            ++order,
            Width.SHORT,
            "Retry backoff cap (ms)");
    return def;
  }

  public String region() {
    return getString(REGION).trim();
  }

  /** The endpoint override, or null for endpoint discovery. */
  public URI endpoint() {
    String endpoint = getString(ENDPOINT).trim();
    return endpoint.isEmpty() ? null : URI.create(endpoint);
  }

  public CredentialsSource credentialsSource() {
    return EnumValidator.parse(CredentialsSource.class, getString(CREDENTIALS));
  }

  public String profile() {
    return getString(PROFILE).trim();
  }

  public Password accessKeyId() {
    return getPassword(ACCESS_KEY_ID);
  }

  public Password secretAccessKey() {
    return getPassword(SECRET_ACCESS_KEY);
  }

  public Password sessionToken() {
    return getPassword(SESSION_TOKEN);
  }

  public String roleArn() {
    return getString(ROLE_ARN).trim();
  }

  public String roleSessionName() {
    return getString(ROLE_SESSION_NAME).trim();
  }

  public Password roleExternalId() {
    return getPassword(ROLE_EXTERNAL_ID);
  }

  public Duration requestTimeout() {
    return Duration.ofMillis(getLong(REQUEST_TIMEOUT_MS));
  }

  public String database() {
    return getString(DATABASE).trim();
  }

  public boolean autoCreate() {
    return getBoolean(TABLE_AUTO_CREATE);
  }

  public int memoryRetentionHours() {
    return getInt(MEMORY_RETENTION_HOURS);
  }

  public int magneticRetentionDays() {
    return getInt(MAGNETIC_RETENTION_DAYS);
  }

  public boolean magneticWrites() {
    return getBoolean(MAGNETIC_WRITES);
  }

  /** The partition-key dimension of created tables, or null for the default partitioning. */
  public String partitionKey() {
    String key = getString(PARTITION_KEY).trim();
    return key.isEmpty() ? null : key;
  }

  public int batchSize() {
    return getInt(BATCH_SIZE);
  }

  public Duration batchLinger() {
    return Duration.ofMillis(getLong(BATCH_LINGER_MS));
  }

  public int maxInFlight() {
    return getInt(MAX_IN_FLIGHT);
  }

  public int maxBufferedRecords() {
    return getInt(MAX_BUFFERED_RECORDS);
  }

  public Duration maxPutWait() {
    return Duration.ofMillis(getLong(MAX_PUT_WAIT_MS));
  }

  public int retryMaxAttempts() {
    return getInt(RETRY_MAX_ATTEMPTS);
  }

  public Duration retryBackoff() {
    return Duration.ofMillis(getLong(RETRY_BACKOFF_MS));
  }

  public Duration retryBackoffMax() {
    return Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS));
  }

  /** Whether Connect's errors.tolerance is 'all': bad records go to the DLQ instead of failing. */
  public boolean toleratesErrors() {
    Object tolerance = originals().get(ERRORS_TOLERANCE);
    return tolerance != null && tolerance.toString().trim().equalsIgnoreCase("all");
  }

  /** The mapping this configuration describes. Call only on a configuration that validated. */
  public MappingSpec mappingSpec() {
    String measureName = getString(MEASURE_NAME).trim();
    String timeField = getString(TIME_FIELD).trim();
    String versionField = getString(VERSION_FIELD).trim();
    return new MappingSpec(
        getString(TABLE).trim(),
        EnumValidator.parse(RecordShape.class, getString(RECORD_SHAPE)),
        getList(DIMENSIONS).stream().map(DimensionSpec::parse).toList(),
        getList(MEASURES).stream().map(MeasureSpec::parse).toList(),
        measureName.isEmpty() ? null : MeasureNameSpec.parse(measureName),
        timeField.isEmpty() ? null : FieldRef.parse(timeField),
        EnumValidator.parse(TimeUnitSetting.class, getString(TIME_UNIT)),
        EnumValidator.parse(VersionSource.class, getString(VERSION_SOURCE)),
        versionField.isEmpty() ? null : FieldRef.parse(versionField));
  }

  /** The config reference, generated from the ConfigDef (docs/connector-config.rst). */
  public static void main(String[] args) {
    System.out.print(CONFIG_DEF.toEnrichedRst());
  }
}
