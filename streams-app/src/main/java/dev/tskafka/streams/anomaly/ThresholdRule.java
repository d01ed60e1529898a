package dev.tskafka.streams.anomaly;

import java.util.List;

/** A static threshold: anomalous above (or below) a fixed value, e.g. CPU above 90 %. */
public record ThresholdRule(String measure, Direction direction, double threshold)
    implements AnomalyRule {

  public enum Direction {
    ABOVE,
    BELOW
  }

  @Override
  public Verdict judge(double value, List<Double> history) {
    boolean anomalous = direction == Direction.ABOVE ? value > threshold : value < threshold;
    return new Verdict(name(), measure, anomalous, value, threshold, threshold);
  }

  @Override
  public String name() {
    return "threshold_" + direction.name().toLowerCase(java.util.Locale.ROOT);
  }
}
