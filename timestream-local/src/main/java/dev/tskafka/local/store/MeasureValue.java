package dev.tskafka.local.store;

/** One named, typed value of a multi-measure record, its value in wire text. */
public record MeasureValue(String name, MeasureValueType type, String value) {}
