package dev.tskafka.local.write;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tskafka.local.protocol.Json;
import dev.tskafka.local.protocol.ServiceException;
import dev.tskafka.local.write.WireRecord.WireDimension;
import dev.tskafka.local.write.WireRecord.WireMeasureValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a WriteRecords body straight from the JSON tokens into {@link WireRecord}s: the hot path of
 * the endpoint, so no intermediate tree. Unknown members are skipped; a member of the wrong JSON
 * type is a SerializationException.
 */
final class WriteRecordsReader {
  /** The request's members; {@code records} is null when absent. */
  record Request(String database, String table, WireRecord common, List<WireRecord> records) {}

  private WriteRecordsReader() {}

  static Request read(byte[] body) {
    if (body.length == 0) {
      return new Request(null, null, WireRecord.EMPTY, null);
    }
    try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
      expect(p, p.nextToken(), JsonToken.START_OBJECT, "request");
      String database = null;
      String table = null;
      WireRecord common = WireRecord.EMPTY;
      List<WireRecord> records = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String member = p.currentName();
        JsonToken value = p.nextToken();
        switch (member) {
          case "DatabaseName" -> database = string(p, value, member);
          case "TableName" -> table = string(p, value, member);
          case "CommonAttributes" -> {
            if (value != JsonToken.VALUE_NULL) {
              expect(p, value, JsonToken.START_OBJECT, member);
              common = readRecord(p);
            }
          }
          case "Records" -> {
            if (value != JsonToken.VALUE_NULL) {
              expect(p, value, JsonToken.START_ARRAY, member);
              records = new ArrayList<>(100);
              while (p.nextToken() != JsonToken.END_ARRAY) {
                expect(p, p.currentToken(), JsonToken.START_OBJECT, member);
                records.add(readRecord(p));
              }
            }
          }
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw ServiceException.serialization("Unexpected content after the request object.");
      }
      return new Request(database, table, common, records);
    } catch (JacksonException e) {
      throw ServiceException.serialization(
          "The request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ServiceException.serialization("The request body could not be read.");
    }
  }

  private static WireRecord readRecord(JsonParser p) throws IOException {
    List<WireDimension> dimensions = List.of();
    String measureName = null;
    String measureValue = null;
    String measureValueType = null;
    String time = null;
    String timeUnit = null;
    Long version = null;
    List<WireMeasureValue> measureValues = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String member = p.currentName();
      JsonToken value = p.nextToken();
      switch (member) {
        case "Dimensions" -> dimensions = readDimensions(p, value);
        case "MeasureName" -> measureName = string(p, value, member);
        case "MeasureValue" -> measureValue = string(p, value, member);
        case "MeasureValueType" -> measureValueType = string(p, value, member);
        case "Time" -> time = string(p, value, member);
        case "TimeUnit" -> timeUnit = string(p, value, member);
        case "Version" -> version = integer(p, value, member);
        case "MeasureValues" -> measureValues = readMeasureValues(p, value);
        default -> p.skipChildren();
      }
    }
    return new WireRecord(
        dimensions,
        measureName,
        measureValue,
        measureValueType,
        time,
        timeUnit,
        version,
        measureValues);
  }

  private static List<WireDimension> readDimensions(JsonParser p, JsonToken value)
      throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return List.of();
    }
    expect(p, value, JsonToken.START_ARRAY, "Dimensions");
    List<WireDimension> dimensions = new ArrayList<>(4);
    while (p.nextToken() != JsonToken.END_ARRAY) {
      expect(p, p.currentToken(), JsonToken.START_OBJECT, "Dimensions");
      String name = null;
      String dimensionValue = null;
      String type = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String member = p.currentName();
        JsonToken token = p.nextToken();
        switch (member) {
          case "Name" -> name = string(p, token, member);
          case "Value" -> dimensionValue = string(p, token, member);
          case "DimensionValueType" -> type = string(p, token, member);
          default -> p.skipChildren();
        }
      }
      dimensions.add(new WireDimension(name, dimensionValue, type));
    }
    return dimensions;
  }

  private static List<WireMeasureValue> readMeasureValues(JsonParser p, JsonToken value)
      throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, value, JsonToken.START_ARRAY, "MeasureValues");
    List<WireMeasureValue> values = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      expect(p, p.currentToken(), JsonToken.START_OBJECT, "MeasureValues");
      String name = null;
      String measureValue = null;
      String type = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String member = p.currentName();
        JsonToken token = p.nextToken();
        switch (member) {
          case "Name" -> name = string(p, token, member);
          case "Value" -> measureValue = string(p, token, member);
          case "Type" -> type = string(p, token, member);
          default -> p.skipChildren();
        }
      }
      values.add(new WireMeasureValue(name, measureValue, type));
    }
    return values;
  }

  private static String string(JsonParser p, JsonToken token, String member) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_STRING) {
      throw wrongType(member, "a string");
    }
    return p.getText();
  }

  private static Long integer(JsonParser p, JsonToken token, String member) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_NUMBER_INT
        || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw wrongType(member, "an integer");
    }
    return p.getLongValue();
  }

  private static void expect(JsonParser p, JsonToken actual, JsonToken expected, String member)
      throws IOException {
    if (actual != expected) {
      throw wrongType(member, expected == JsonToken.START_OBJECT ? "a structure" : "a list");
    }
  }

  private static ServiceException wrongType(String member, String expected) {
    return Json.wrongType(member, expected);
  }
}
