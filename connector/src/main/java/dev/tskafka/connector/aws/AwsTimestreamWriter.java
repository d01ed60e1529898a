package dev.tskafka.connector.aws;

import dev.tskafka.connector.mapping.TsDimension;
import dev.tskafka.connector.mapping.TsMeasure;
import dev.tskafka.connector.mapping.TsRecord;
import dev.tskafka.connector.write.TimestreamWriter;
import dev.tskafka.connector.write.WriteException;
import dev.tskafka.connector.write.WriteResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteAsyncClient;
import software.amazon.awssdk.services.timestreamwrite.model.Dimension;
import software.amazon.awssdk.services.timestreamwrite.model.InternalServerException;
import software.amazon.awssdk.services.timestreamwrite.model.InvalidEndpointException;
import software.amazon.awssdk.services.timestreamwrite.model.MeasureValue;
import software.amazon.awssdk.services.timestreamwrite.model.MeasureValueType;
import software.amazon.awssdk.services.timestreamwrite.model.Record;
import software.amazon.awssdk.services.timestreamwrite.model.RejectedRecord;
import software.amazon.awssdk.services.timestreamwrite.model.RejectedRecordsException;
import software.amazon.awssdk.services.timestreamwrite.model.ResourceNotFoundException;
import software.amazon.awssdk.services.timestreamwrite.model.ThrottlingException;
import software.amazon.awssdk.services.timestreamwrite.model.TimeUnit;
import software.amazon.awssdk.services.timestreamwrite.model.ValidationException;
import software.amazon.awssdk.services.timestreamwrite.model.WriteRecordsRequest;

/** WriteRecords through the AWS SDK's async client, with the service's errors classified. */
public final class AwsTimestreamWriter implements TimestreamWriter {
  private final TimestreamWriteAsyncClient client;
  private final String database;

  public AwsTimestreamWriter(TimestreamWriteAsyncClient client, String database) {
    this.client = client;
    this.database = database;
  }

  @Override
  public CompletableFuture<WriteResult> write(String table, List<TsRecord> records) {
    // Members that every record shares go once into CommonAttributes: smaller requests to build,
    // sign, send and parse.
    TsRecord first = records.get(0);
    boolean sameUnit = records.stream().allMatch(r -> r.timeUnit() == first.timeUnit());
    boolean sameName = records.stream().allMatch(r -> r.measureName().equals(first.measureName()));
    MeasureValueType firstType = valueType(first);
    boolean sameType = records.stream().allMatch(r -> valueType(r) == firstType);
    List<Record> sdkRecords = new ArrayList<>(records.size());
    for (TsRecord r : records) {
      sdkRecords.add(toSdk(r, !sameUnit, !sameName, !sameType));
    }
    Record.Builder common = Record.builder();
    if (sameUnit) {
      common.timeUnit(TimeUnit.fromValue(first.timeUnit().name()));
    }
    if (sameName) {
      common.measureName(first.measureName());
    }
    if (sameType) {
      common.measureValueType(firstType);
    }
    WriteRecordsRequest request =
        WriteRecordsRequest.builder()
            .databaseName(database)
            .tableName(table)
            .commonAttributes(common.build())
            .records(sdkRecords)
            .build();
    return client
        .writeRecords(request)
        .handle(
            (response, error) -> {
              if (error == null) {
                return WriteResult.ALL_WRITTEN;
              }
              Throwable cause = WriteException.unwrap(error);
              if (cause instanceof RejectedRecordsException rejected) {
                return rejections(rejected, records);
              }
              throw classify(cause, database + "." + table);
            });
  }

  private static MeasureValueType valueType(TsRecord r) {
    return r.multi()
        ? MeasureValueType.MULTI
        : MeasureValueType.fromValue(r.measures().get(0).type().name());
  }

  /** The SDK record, with the unit, name and type left to CommonAttributes when they are shared. */
  static Record toSdk(TsRecord r, boolean withUnit, boolean withName, boolean withType) {
    List<Dimension> dimensions = new ArrayList<>(r.dimensions().size());
    for (TsDimension d : r.dimensions()) {
      dimensions.add(Dimension.builder().name(d.name()).value(d.value()).build());
    }
    Record.Builder b = Record.builder().dimensions(dimensions).time(Long.toString(r.time()));
    if (withUnit) {
      b.timeUnit(TimeUnit.fromValue(r.timeUnit().name()));
    }
    if (withName) {
      b.measureName(r.measureName());
    }
    if (withType) {
      b.measureValueType(valueType(r));
    }
    if (r.version() != null) {
      b.version(r.version());
    }
    if (r.multi()) {
      List<MeasureValue> values = new ArrayList<>(r.measures().size());
      for (TsMeasure m : r.measures()) {
        values.add(
            MeasureValue.builder()
                .name(m.name())
                .value(m.value())
                .type(MeasureValueType.fromValue(m.type().name()))
                .build());
      }
      b.measureValues(values);
    } else {
      b.measureValue(r.measures().get(0).value());
    }
    return b.build();
  }

  /**
   * The rejected records, except those refused only because the table holds a higher version: with
   * versioned upserts an older update that lands after a newer one (calls run in parallel) is
   * superseded, not lost.
   */
  private static WriteResult rejections(RejectedRecordsException e, List<TsRecord> records) {
    Map<Integer, String> byIndex = new HashMap<>();
    Set<Integer> superseded = new HashSet<>();
    for (RejectedRecord r : e.rejectedRecords()) {
      Long version = records.get(r.recordIndex()).version();
      if (r.existingVersion() != null && version != null && r.existingVersion() > version) {
        superseded.add(r.recordIndex());
        continue;
      }
      String reason = "Timestream rejected the record: " + r.reason();
      if (r.existingVersion() != null) {
        reason += " (existing version " + r.existingVersion() + ")";
      }
      byIndex.put(r.recordIndex(), reason);
    }
    return new WriteResult(byIndex, superseded);
  }

  static WriteException classify(Throwable e, String table) {
    String message = e.getClass().getSimpleName() + ": " + e.getMessage();
    if (e instanceof ThrottlingException) {
      return new WriteException(WriteException.Kind.THROTTLED, message, e);
    }
    if (e instanceof ValidationException) {
      return new WriteException(WriteException.Kind.INVALID_REQUEST, message, e);
    }
    if (e instanceof ResourceNotFoundException) {
      return new WriteException(
          WriteException.Kind.FATAL, "table " + table + " does not exist (" + message + ")", e);
    }
    if (e instanceof InternalServerException || e instanceof InvalidEndpointException) {
      return new WriteException(WriteException.Kind.TRANSIENT, message, e);
    }
    if (e instanceof AwsServiceException service) {
      int status = service.statusCode();
      if (status == 429) {
        return new WriteException(WriteException.Kind.THROTTLED, message, e);
      }
      if (status >= 500) {
        return new WriteException(WriteException.Kind.TRANSIENT, message, e);
      }
      return new WriteException(WriteException.Kind.FATAL, message, e);
    }
    if (e instanceof SdkClientException) {
      return new WriteException(WriteException.Kind.TRANSIENT, message, e);
    }
    return new WriteException(WriteException.Kind.FATAL, message, e);
  }

  @Override
  public void close() {
    client.close();
  }
}
