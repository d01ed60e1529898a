package dev.tskafka.connector.config;

import java.net.URI;
import java.net.URISyntaxException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Blank, or an absolute http(s) URI with a host. */
final class EndpointValidator implements ConfigDef.Validator {
  @Override
  public void ensureValid(String name, Object value) {
    String text = value == null ? "" : value.toString().trim();
    if (text.isEmpty()) {
      return;
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
        throw new ConfigException(name, value, "must be an http(s) URI with a host");
      }
    } catch (URISyntaxException e) {
      throw new ConfigException(name, value, "is not a URI: " + e.getReason());
    }
  }

  @Override
  public String toString() {
    return "blank or an http(s) URI";
  }
}
