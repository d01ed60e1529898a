package dev.tskafka.local.faults;

/**
 * Standing faults applied to every AWS-protocol request.
 *
 * @param latencyMs added latency per request
 * @param jitterMs up to this much more latency, uniformly random
 * @param throttleProbability chance in [0,1] that a request fails with ThrottlingException
 * @param internalErrorProbability chance in [0,1] that a request fails with InternalServerException
 */
public record FaultSettings(
    long latencyMs, long jitterMs, double throttleProbability, double internalErrorProbability) {
  public static final FaultSettings NONE = new FaultSettings(0, 0, 0, 0);

  public FaultSettings {
    if (latencyMs < 0 || jitterMs < 0) {
      throw new IllegalArgumentException("latencyMs and jitterMs must be >= 0");
    }
    checkProbability("throttleProbability", throttleProbability);
    checkProbability("internalErrorProbability", internalErrorProbability);
  }

  private static void checkProbability(String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be within [0, 1], was " + p);
    }
  }
}
