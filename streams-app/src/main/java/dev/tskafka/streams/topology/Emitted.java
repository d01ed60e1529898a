package dev.tskafka.streams.topology;

/** A result on its way out: the topic it goes to and its JSON bytes. */
public record Emitted(String topic, byte[] json) {}
