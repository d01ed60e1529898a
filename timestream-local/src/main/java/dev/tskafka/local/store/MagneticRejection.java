package dev.tskafka.local.store;

/**
 * A magnetic-store record the service accepted but could not store. The real service writes these
 * to the table's S3 error report, not to RejectedRecords; we keep them for inspection.
 */
public record MagneticRejection(StoredRow row, String reason, long existingVersion) {}
