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
        case "Dimensions" -> {
          List<WireDimension> read =
              readTriples(p, value, member, "DimensionValueType", WireDimension::new);
          dimensions = read == null ? List.of() : read;
        }
        case "MeasureName" -> measureName = string(p, value, member);
        case "MeasureValue" -> measureValue = string(p, value, member);
        case "MeasureValueType" -> measureValueType = string(p, value, member);
        case "Time" -> time = string(p, value, member);
        case "TimeUnit" -> timeUnit = string(p, value, member);
        case "Version" -> version = integer(p, value, member);
        case "MeasureValues" ->
            measureValues = readTriples(p, value, member, "Type", WireMeasureValue::new);
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

  /** Builds one element of a Name/Value/type list. */
  private interface Triple<T> {
    T of(String name, String value, String type);
  }

  /**
   * A list of structures with Name, Value and a type member (Dimensions and MeasureValues share
   * this shape), or null when the member is JSON null.
   */
  private static <T> List<T> readTriples(
      JsonParser p, JsonToken value, String listMember, String typeMember, Triple<T> element)
      throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, value, JsonToken.START_ARRAY, listMember);
    List<T> elements = new ArrayList<>(4);
    while (p.nextToken() != JsonToken.END_ARRAY) {
      expect(p, p.currentToken(), JsonToken.START_OBJECT, listMember);
      String name = null;
      String elementValue = null;
      String type = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String member = p.currentName();
        JsonToken token = p.nextToken();
        if (member.equals("Name")) {
          name = string(p, token, member);
        } else if (member.equals("Value")) {
          elementValue = string(p, token, member);
        } else if (member.equals(typeMember)) {
          type = string(p, token, member);
        } else {
          p.skipChildren();
        }
      }
      elements.add(element.of(name, elementValue, type));
    }
    return elements;
  }

  private static String string(JsonParser p, JsonToken token, String member) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_STRING) {
      throw Json.wrongType(member, "a string");
    }
    return p.getText();
  }

  private static Long integer(JsonParser p, JsonToken token, String member) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_NUMBER_INT
        || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw Json.wrongType(member, "an integer");
    }
    return p.getLongValue();
  }

  private static void expect(JsonParser p, JsonToken actual, JsonToken expected, String member)
      throws IOException {
    if (actual != expected) {
      throw Json.wrongType(member, expected == JsonToken.START_OBJECT ? "a structure" : "a list");
    }
  }
}
