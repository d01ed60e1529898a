package dev.tskafka.connector;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The connector's version, from the build. */
public final class Version {
  private static final String VERSION = load();

  private Version() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    Properties props = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/timestream-connector.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return props.getProperty("version", "unknown");
  }
}
