package dev.tskafka.quickstart.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The seed's second example: one latency sample per request, per service, endpoint and status code.
 * Latency is log-normal around each endpoint's median and rises with the daily load; errors are
 * slow and client errors fast.
 */
public final class ApiMetrics implements Scenario {
  /** Service, endpoint, median latency (ms) and share of requests. */
  private record Endpoint(String service, String path, double medianMs, int weight) {}

  private static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint("web-api", "/api/users", 80, 4),
          new Endpoint("web-api", "/api/orders", 140, 3),
          new Endpoint("web-api", "/api/products", 60, 5),
          new Endpoint("checkout-api", "/api/cart", 90, 2),
          new Endpoint("checkout-api", "/api/payments", 220, 1));

  /** The seed's status mix. */
  private static final int[] STATUS_CODES = {200, 200, 200, 201, 400, 500};

  static final String SLOW_SERVICE = "web-api";
  static final String SLOW_ENDPOINT = "/api/orders";
  static final double INCIDENT_PHASE = 0.55;
  static final Duration INCIDENT_LENGTH = Duration.ofMinutes(3);

  private static final int TOTAL_WEIGHT = ENDPOINTS.stream().mapToInt(Endpoint::weight).sum();

  @Override
  public String name() {
    return "api-metrics";
  }

  @Override
  public String topic() {
    return "api.metrics";
  }

  @Override
  public String streamsConfig() {
    return "streams-api-metrics.properties";
  }

  @Override
  public List<String> connectorConfigs() {
    return List.of("connector-api-metrics.json", "connector-api-metrics-aggregates.json");
  }

  @Override
  public Sample next(long timeMs, Timeline timeline, Random random) {
    Endpoint endpoint = pick(random.nextInt(TOTAL_WEIGHT));
    int status = STATUS_CODES[random.nextInt(STATUS_CODES.length)];
    double load = 1 + 0.3 * Shapes.diurnal(timeMs);
    double latency = endpoint.medianMs() * load * Math.exp(0.45 * random.nextGaussian());
    if (status >= 500) {
      latency *= 2;
    } else if (status >= 400) {
      latency *= 0.5;
    }
    if (endpoint.service().equals(SLOW_SERVICE)
        && endpoint.path().equals(SLOW_ENDPOINT)
        && Shapes.during(timeline, timeMs, INCIDENT_PHASE, INCIDENT_LENGTH)) {
      latency *= 10;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("service", endpoint.service());
    fields.put("endpoint", endpoint.path());
    fields.put("status_code", status);
    fields.put("latency_ms", Shapes.round(latency, 1));
    fields.put("timestamp", timeMs);
    return new Sample(endpoint.service() + endpoint.path(), fields);
  }

  private static Endpoint pick(int ticket) {
    for (Endpoint e : ENDPOINTS) {
      ticket -= e.weight();
      if (ticket < 0) {
        return e;
      }
    }
    throw new IllegalStateException("weights");
  }

  @Override
  public Incident incident() {
    return new Incident(
        SLOW_SERVICE + " " + SLOW_ENDPOINT + " is 10x slower for 3 minutes at 55% of the run",
        Map.of("service", SLOW_SERVICE, "endpoint", SLOW_ENDPOINT),
        "threshold_above:latency_ms.p99",
        INCIDENT_PHASE,
        INCIDENT_LENGTH);
  }
}
