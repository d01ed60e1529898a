package dev.tskafka.local.store;

/** Where the service reports magnetic-store records it could not write. Kept, never written to. */
public record S3Location(
    String bucketName, String objectKeyPrefix, String encryptionOption, String kmsKeyId) {}
