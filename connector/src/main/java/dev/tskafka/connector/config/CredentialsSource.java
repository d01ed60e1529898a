package dev.tskafka.connector.config;

/** Where the connector's AWS credentials come from. */
public enum CredentialsSource {
  /** The AWS default chain: environment, system properties, profile file, container, instance. */
  DEFAULT,
  /** A named profile from the AWS config and credentials files. */
  PROFILE,
  /** An access key id and secret (and optional session token) from this configuration. */
  STATIC,
  /** An IAM role assumed through STS, using the default chain as the source identity. */
  ASSUME_ROLE
}
