package dev.tskafka.streams.topology;

/** A result on its way out: the topic it goes to and its bytes (JSON, or registry-framed Avro). */
public record Emitted(String topic, byte[] value) {}
