package dev.tskafka.connector.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tskafka.connector.mapping.TsRecord;
import dev.tskafka.connector.write.WriteException;
import dev.tskafka.connector.write.WriteResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the service's answer to a WriteRecords call, as the AWS SDK reads it: the error code from
 * the {@code x-amzn-ErrorType} header (before any ':') or else the body's {@code __type} (after the
 * last '#'), the message from {@code message} or {@code Message}; then classifies it for the retry
 * decision. A pure function of status, header and body.
 */
final class WriteRecordsAnswer {
  private static final JsonFactory JSON = new JsonFactory();

  private WriteRecordsAnswer() {}

  /** The error of a non-2xx answer, as the service words it. */
  record ServiceError(int status, String code, String message, List<Rejection> rejections) {}

  record Rejection(int recordIndex, String reason, Long existingVersion) {}

  /**
   * The outcome of a call: the written, rejected and superseded records, or a WriteException when
   * the call failed as a whole.
   */
  static WriteResult read(
      int status, String errorTypeHeader, byte[] body, List<TsRecord> records, String table) {
    if (status / 100 == 2) {
      return WriteResult.ALL_WRITTEN;
    }
    ServiceError error = parse(status, errorTypeHeader, body);
    if ("RejectedRecordsException".equals(error.code())) {
      return rejections(error.rejections(), records);
    }
    throw classify(error, table);
  }

  static ServiceError parse(int status, String errorTypeHeader, byte[] body) {
    String type = null;
    String message = null;
    List<Rejection> rejections = new java.util.ArrayList<>();
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken value = p.nextToken();
          switch (field) {
            case "__type" -> type = p.getValueAsString();
            case "message", "Message" -> {
              if (message == null) {
                message = p.getValueAsString();
              }
            }
            case "RejectedRecords" -> {
              if (value == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                  rejections.add(rejection(p));
                }
              } else {
                p.skipChildren();
              }
            }
            default -> p.skipChildren();
          }
        }
      }
    } catch (IOException e) {
      message = "unreadable error body: " + new String(body, StandardCharsets.UTF_8);
    }
    String code = null;
    if (errorTypeHeader != null && !errorTypeHeader.isBlank()) {
      int colon = errorTypeHeader.indexOf(':');
      code = (colon < 0 ? errorTypeHeader : errorTypeHeader.substring(0, colon)).trim();
    } else if (type != null) {
      code = type.substring(type.lastIndexOf('#') + 1);
    }
    if (code == null || code.isEmpty()) {
      code = "HTTP " + status;
    }
    return new ServiceError(status, code, message, rejections);
  }

  private static Rejection rejection(JsonParser p) throws IOException {
    int index = -1;
    String reason = null;
    Long existing = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "RecordIndex" -> index = p.getValueAsInt(-1);
        case "Reason" -> reason = p.getValueAsString();
        case "ExistingVersion" ->
            existing = value == JsonToken.VALUE_NULL ? null : p.getLongValue();
        default -> p.skipChildren();
      }
    }
    return new Rejection(index, reason, existing);
  }

  /**
   * The rejected records, except those refused only because the table holds a higher version: with
   * versioned upserts an older update that lands after a newer one (calls run in parallel) is
   * superseded, not lost.
   */
  private static WriteResult rejections(List<Rejection> rejected, List<TsRecord> records) {
    Map<Integer, String> byIndex = new HashMap<>();
    Set<Integer> superseded = new HashSet<>();
    for (Rejection r : rejected) {
      if (r.recordIndex() < 0 || r.recordIndex() >= records.size()) {
        throw new WriteException(
            WriteException.Kind.FATAL,
            "RejectedRecordsException names record " + r.recordIndex() + " of " + records.size(),
            null);
      }
      Long version = records.get(r.recordIndex()).version();
      if (r.existingVersion() != null && version != null && r.existingVersion() > version) {
        superseded.add(r.recordIndex());
        continue;
      }
      String existing =
          r.existingVersion() == null ? "" : " (existing version " + r.existingVersion() + ")";
      byIndex.put(r.recordIndex(), "Timestream rejected the record: " + r.reason() + existing);
    }
    return new WriteResult(byIndex, superseded);
  }

  static WriteException classify(ServiceError e, String table) {
    String message = e.code() + ": " + e.message() + " (HTTP " + e.status() + ")";
    return switch (e.code()) {
      case "ThrottlingException" ->
          new WriteException(WriteException.Kind.THROTTLED, message, null);
      case "ValidationException" ->
          new WriteException(WriteException.Kind.INVALID_REQUEST, message, null);
      case "ResourceNotFoundException" ->
          new WriteException(
              WriteException.Kind.FATAL,
              "table " + table + " does not exist (" + message + ")",
              null);
      case "InternalServerException", "InvalidEndpointException" ->
          new WriteException(WriteException.Kind.TRANSIENT, message, null);
      default -> {
        if (e.status() == 429) {
          yield new WriteException(WriteException.Kind.THROTTLED, message, null);
        }
        yield new WriteException(
            e.status() >= 500 ? WriteException.Kind.TRANSIENT : WriteException.Kind.FATAL,
            message,
            null);
      }
    };
  }
}
