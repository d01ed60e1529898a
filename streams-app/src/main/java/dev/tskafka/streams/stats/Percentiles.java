package dev.tskafka.streams.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Quantiles from a DDSketch: every quantile it returns is within {@link #RELATIVE_ACCURACY} (1 %)
 * of the true value of that rank, for any distribution. At most {@link #MAX_BINS} bins per sign:
 * when values span more than that many buckets the lowest ones are collapsed, so high quantiles
 * (p90..p99, what alerting reads) keep their guarantee while memory stays bounded (a few KB per
 * series and window).
 */
public final class Percentiles {
  public static final double RELATIVE_ACCURACY = 0.01;
  public static final int MAX_BINS = 2048;

  private final DDSketch sketch;

  public Percentiles() {
    this(DDSketches.logarithmicCollapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS));
  }

  private Percentiles(DDSketch sketch) {
    this.sketch = sketch;
  }

  public void add(double value) {
    sketch.accept(value);
  }

  public boolean isEmpty() {
    return sketch.isEmpty();
  }

  /** The value at quantile {@code q} in [0, 1], or NaN when empty. */
  public double quantile(double q) {
    return sketch.isEmpty() ? Double.NaN : sketch.getValueAtQuantile(q);
  }

  /** DDSketch's own compact binary encoding (index mapping and bins, varint coded). */
  public byte[] toBytes() {
    GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
    try {
      sketch.encode(out, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.trimmedCopy();
  }

  public static Percentiles fromBytes(byte[] bytes) {
    try {
      return new Percentiles(
          DDSketch.decode(
              ByteArrayInput.wrap(bytes), () -> new CollapsingLowestDenseStore(MAX_BINS)));
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt quantile sketch", e);
    }
  }
}
