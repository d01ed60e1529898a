package dev.tskafka.quickstart.scenario;

import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time for a run: {@code records} samples evenly spaced over {@code span} of event time
 * that ends at {@code end}. The run replays it faster than real time ({@code speed}), so a
 * one-minute run shows an hour of windows; sample {@code i} always has the same time, whatever the
 * pacing (burst mode only changes how fast it is produced).
 */
public record Timeline(long startMs, long endMs, long records) {

  /** Longest window size of the scenarios: the timeline ends on one of its boundaries. */
  private static final long ALIGN_MS = Duration.ofMinutes(15).toMillis();

  /** Margin before now, so the last windows are closable right away (more than any grace). */
  private static final long MARGIN_MS = Duration.ofMinutes(1).toMillis();

  /**
   * A timeline of {@code span} ending on a 15-minute boundary at least a minute before {@code now}.
   */
  public static Timeline ending(Instant now, Duration span, long records) {
    long end = Math.floorDiv(now.toEpochMilli() - MARGIN_MS, ALIGN_MS) * ALIGN_MS;
    long start = end - span.toMillis();
    if (span.toMillis() < records) {
      throw new IllegalArgumentException(
          "the simulated span ("
              + span.toSeconds()
              + " s) gives less than 1 ms per record: raise --speed or lower --rate");
    }
    return new Timeline(start, end, records);
  }

  /** The event time of sample {@code i} (0-based): strictly increasing, before {@code endMs}. */
  public long timeOf(long i) {
    return startMs + Math.floorDiv(i * (endMs - startMs), records);
  }

  /** Where {@code timeMs} falls in the run, from 0 (start) to 1 (end). */
  public double phase(long timeMs) {
    return (double) (timeMs - startMs) / (endMs - startMs);
  }

  /** The simulated time at {@code phase} of the run. */
  public long at(double phase) {
    return startMs + (long) (phase * (endMs - startMs));
  }
}
