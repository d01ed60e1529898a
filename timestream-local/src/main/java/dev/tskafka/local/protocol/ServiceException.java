package dev.tskafka.local.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error the service answers with: its code (the {@code __type} and {@code x-amzn-ErrorType}),
 * HTTP status, message and any extra members of the error shape.
 */
public final class ServiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private static final String TIMESTREAM = "com.amazonaws.timestream.v20181101#";
  private static final String CORAL_VALIDATE = "com.amazon.coral.validate#";
  private static final String CORAL_SERVICE = "com.amazon.coral.service#";

  private final String namespace;
  private final String code;
  private final int status;
  private final transient ObjectNode members;

  private ServiceException(
      String namespace, String code, int status, String message, ObjectNode members) {
    super(message, null, false, false);
    this.namespace = namespace;
    this.code = code;
    this.status = status;
    this.members = members;
  }

  public static ServiceException validation(String message) {
    return new ServiceException(CORAL_VALIDATE, "ValidationException", 400, message, null);
  }

  public static ServiceException resourceNotFound(String message) {
    return new ServiceException(TIMESTREAM, "ResourceNotFoundException", 400, message, null);
  }

  public static ServiceException conflict(String message) {
    return new ServiceException(TIMESTREAM, "ConflictException", 400, message, null);
  }

  public static ServiceException serviceQuotaExceeded(String message) {
    return new ServiceException(TIMESTREAM, "ServiceQuotaExceededException", 400, message, null);
  }

  public static ServiceException throttling(String message) {
    return new ServiceException(TIMESTREAM, "ThrottlingException", 400, message, null);
  }

  public static ServiceException internal(String message) {
    return new ServiceException(TIMESTREAM, "InternalServerException", 500, message, null);
  }

  /** 419 with the RejectedRecords member; the service's own message. */
  public static ServiceException rejectedRecords(ObjectNode members) {
    return new ServiceException(
        TIMESTREAM,
        "RejectedRecordsException",
        419,
        "One or more records have been rejected. See RejectedRecords for details.",
        members);
  }

  public static ServiceException serialization(String message) {
    return new ServiceException(CORAL_SERVICE, "SerializationException", 400, message, null);
  }

  public static ServiceException unknownOperation(String message) {
    return new ServiceException(CORAL_SERVICE, "UnknownOperationException", 404, message, null);
  }

  public static ServiceException missingAuthentication() {
    return new ServiceException(
        CORAL_SERVICE,
        "MissingAuthenticationTokenException",
        403,
        "Missing Authentication Token",
        null);
  }

  public static ServiceException requestTooLarge(long limit) {
    return new ServiceException(
        CORAL_SERVICE,
        "RequestEntityTooLargeException",
        413,
        "Request body is larger than the " + limit + "-byte limit.",
        null);
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  /** The JSON error body: {@code __type}, {@code Message} and the shape's members. */
  public ObjectNode toBody() {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("__type", namespace + code);
    body.put("Message", getMessage());
    if (members != null) {
      body.setAll(members);
    }
    return body;
  }
}
