package dev.tskafka.streams.anomaly;

/**
 * What a rule concluded about one value: whether it is anomalous, and the figures that explain it
 * (the value, the baseline it was compared with, and the threshold it crossed).
 */
public record Verdict(
    String rule,
    String measure,
    boolean anomalous,
    double value,
    double baseline,
    double threshold) {}
