package dev.tskafka.kafkalocal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.common.utils.Utils;

/**
 * Unpacks a Connect plugin zip (Confluent Hub layout) into a fresh directory for a worker's
 * plugin.path.
 */
public final class PluginZip {
  private PluginZip() {}

  /** Replaces {@code dir} with the zip's contents and returns it. */
  public static Path unpack(Path zip, Path dir) {
    if (!Files.exists(zip)) {
      throw new IllegalStateException(
          "Plugin zip " + zip + " is missing: build it with mvn -pl connector -am package");
    }
    try {
      Utils.delete(dir.toFile());
      Files.createDirectories(dir);
      try (InputStream in = Files.newInputStream(zip);
          ZipInputStream entries = new ZipInputStream(in)) {
        for (ZipEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
          Path target = dir.resolve(e.getName()).normalize();
          if (!target.startsWith(dir)) {
            throw new IOException("zip entry escapes the plugin directory: " + e.getName());
          }
          if (e.isDirectory()) {
            Files.createDirectories(target);
          } else {
            Path parent = target.getParent();
            if (parent != null) {
              Files.createDirectories(parent);
            }
            Files.copy(entries, target);
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
