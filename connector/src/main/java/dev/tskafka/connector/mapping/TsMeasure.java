package dev.tskafka.connector.mapping;

/** One measure value in the text form Timestream takes, with its type. */
public record TsMeasure(String name, MeasureType type, String value) {}
