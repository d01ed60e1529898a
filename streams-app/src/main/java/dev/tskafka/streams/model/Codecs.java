package dev.tskafka.streams.model;

import dev.tskafka.streams.stats.HourlyMoments;
import dev.tskafka.streams.stats.Percentiles;
import dev.tskafka.streams.stats.RunningStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Compact binary serdes for the state stores and the repartition topic. Version byte first. */
public final class Codecs {
  private static final byte VERSION = 1;

  private Codecs() {}

  interface Writer<T> {
    void write(DataOutputStream out, T value) throws IOException;
  }

  interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  static <T> Serde<T> serde(Writer<T> writer, Reader<T> reader) {
    Serializer<T> serializer =
        (topic, value) -> {
          if (value == null) {
            return null;
          }
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
          try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out, value);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return bytes.toByteArray();
        };
    Deserializer<T> deserializer =
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
              throw new IOException("unknown state format version " + version);
            }
            return reader.read(in);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }

  public static Serde<Reading> reading() {
    return serde(
        (out, r) -> {
          writeStrings(out, r.dimensions());
          out.writeInt(r.measures().size());
          for (Map.Entry<String, Double> m : r.measures().entrySet()) {
            out.writeUTF(m.getKey());
            out.writeDouble(m.getValue());
          }
          out.writeLong(r.eventTime());
        },
        in -> {
          LinkedHashMap<String, String> dims = readStrings(in);
          int n = in.readInt();
          Map<String, Double> measures = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            measures.put(in.readUTF(), in.readDouble());
          }
          return new Reading(dims, measures, in.readLong());
        });
  }

  public static Serde<WindowAggregate> windowAggregate() {
    return serde(
        (out, a) -> {
          writeStrings(out, a.dimensions());
          out.writeLong(a.start());
          out.writeLong(a.end());
          out.writeLong(a.updates());
          out.writeInt(a.measures().size());
          for (Map.Entry<String, MeasureWindow> m : a.measures().entrySet()) {
            out.writeUTF(m.getKey());
            RunningStats stats = m.getValue().stats();
            for (long l : stats.longs()) {
              out.writeLong(l);
            }
            for (double d : stats.doubles()) {
              out.writeDouble(d);
            }
            byte[] sketch = m.getValue().percentiles().toBytes();
            out.writeInt(sketch.length);
            out.write(sketch);
          }
        },
        in -> {
          LinkedHashMap<String, String> dims = readStrings(in);
          long start = in.readLong();
          long end = in.readLong();
          long updates = in.readLong();
          int n = in.readInt();
          Map<String, MeasureWindow> measures = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            long[] longs = new long[3];
            for (int j = 0; j < longs.length; j++) {
              longs[j] = in.readLong();
            }
            double[] doubles = new double[7];
            for (int j = 0; j < doubles.length; j++) {
              doubles[j] = in.readDouble();
            }
            byte[] sketch = new byte[in.readInt()];
            in.readFully(sketch);
            measures.put(
                name,
                new MeasureWindow(
                    RunningStats.restore(longs, doubles), Percentiles.fromBytes(sketch)));
          }
          return new WindowAggregate(dims, start, end, measures, updates);
        });
  }

  public static Serde<SeriesHistory> seriesHistory() {
    return serde(
        (out, h) -> {
          out.writeInt(h.values().size());
          for (Map.Entry<String, ArrayDeque<Double>> e : h.values().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().size());
            for (double d : e.getValue()) {
              out.writeDouble(d);
            }
          }
          writeTexts(out, h.recentWindows());
          writeTexts(out, h.recentAnomalies());
          out.writeInt(h.hourly().size());
          for (Map.Entry<String, HourlyMoments> e : h.hourly().entrySet()) {
            out.writeUTF(e.getKey());
            e.getValue().writeTo(out);
          }
        },
        in -> {
          int n = in.readInt();
          Map<String, ArrayDeque<Double>> values = new HashMap<>();
          for (int i = 0; i < n; i++) {
            String label = in.readUTF();
            int size = in.readInt();
            ArrayDeque<Double> d = new ArrayDeque<>(size);
            for (int j = 0; j < size; j++) {
              d.addLast(in.readDouble());
            }
            values.put(label, d);
          }
          ArrayDeque<String> recentWindows = readTexts(in);
          ArrayDeque<String> recentAnomalies = readTexts(in);
          Map<String, HourlyMoments> hourly = new HashMap<>();
          // A history written before hourly moments existed ends here.
          int measures = in.available() > 0 ? in.readInt() : 0;
          for (int i = 0; i < measures; i++) {
            hourly.put(in.readUTF(), HourlyMoments.readFrom(in));
          }
          return new SeriesHistory(values, recentWindows, recentAnomalies, hourly);
        });
  }

  private static void writeTexts(DataOutputStream out, ArrayDeque<String> texts)
      throws IOException {
    out.writeInt(texts.size());
    for (String t : texts) {
      byte[] bytes = t.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  private static ArrayDeque<String> readTexts(DataInputStream in) throws IOException {
    int n = in.readInt();
    ArrayDeque<String> texts = new ArrayDeque<>(n);
    for (int i = 0; i < n; i++) {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      texts.addLast(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }
    return texts;
  }

  private static void writeStrings(DataOutputStream out, Map<String, String> map)
      throws IOException {
    out.writeInt(map.size());
    for (Map.Entry<String, String> e : map.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeUTF(e.getValue());
    }
  }

  private static LinkedHashMap<String, String> readStrings(DataInputStream in) throws IOException {
    int n = in.readInt();
    LinkedHashMap<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      map.put(in.readUTF(), in.readUTF());
    }
    return map;
  }
}
