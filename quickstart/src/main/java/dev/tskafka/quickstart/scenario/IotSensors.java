package dev.tskafka.quickstart.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The seed's first example: temperature and humidity per device and warehouse, one multi-measure
 * record per reading. Temperature follows the day (warmest mid-afternoon), humidity the opposite.
 */
public final class IotSensors implements Scenario {
  static final int DEVICES = 8;
  static final String OVERHEATING_DEVICE = "sensor_003";
  static final double INCIDENT_PHASE = 0.6;
  static final Duration INCIDENT_LENGTH = Duration.ofMinutes(4);

  private int next;

  @Override
  public String name() {
    return "iot-sensors";
  }

  @Override
  public String topic() {
    return "iot.sensors";
  }

  @Override
  public String streamsConfig() {
    return "streams-iot-sensors.properties";
  }

  @Override
  public List<String> connectorConfigs() {
    return List.of("connector-iot-sensors.json", "connector-iot-sensors-aggregates.json");
  }

  @Override
  public Sample next(long timeMs, Timeline timeline, Random random) {
    int device = next++ % DEVICES;
    String id = String.format("sensor_%03d", device);
    double day = Shapes.diurnal(timeMs);
    double temperature = 20 + 0.5 * device + 3 * day + 0.3 * random.nextGaussian();
    if (id.equals(OVERHEATING_DEVICE)
        && Shapes.during(timeline, timeMs, INCIDENT_PHASE, INCIDENT_LENGTH)) {
      temperature += 18;
    }
    double humidity = Shapes.clamp(60 + 2 * device - 6 * day + random.nextGaussian(), 0, 100);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("device_id", id);
    fields.put("location", "warehouse_" + (device % 2 + 1));
    fields.put("temperature", Shapes.round(temperature, 2));
    fields.put("humidity", Shapes.round(humidity, 1));
    fields.put("timestamp", timeMs);
    return new Sample(id, fields);
  }

  @Override
  public Incident incident() {
    return new Incident(
        OVERHEATING_DEVICE + " runs 18 °C hot for 4 minutes at 60% of the run",
        Map.of("device_id", OVERHEATING_DEVICE, "location", "warehouse_2"),
        "threshold_above:temperature.max",
        INCIDENT_PHASE,
        INCIDENT_LENGTH);
  }
}
