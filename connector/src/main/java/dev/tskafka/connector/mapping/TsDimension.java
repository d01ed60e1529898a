package dev.tskafka.connector.mapping;

/** A Timestream dimension: a name and a non-empty VARCHAR value. */
public record TsDimension(String name, String value) {}
