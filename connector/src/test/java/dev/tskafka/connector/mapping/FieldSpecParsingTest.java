package dev.tskafka.connector.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldSpecParsingTest {
  @Test
  void shouldParseFieldReferencesOfEverySource() {
    assertThat(FieldRef.parse("a.b.c").path()).containsExactly("a", "b", "c");
    assertThat(FieldRef.parse("$key").source()).isEqualTo(FieldRef.Source.KEY);
    assertThat(FieldRef.parse("$key.host").path()).containsExactly("host");
    assertThat(FieldRef.parse("$header.x.y").path()).containsExactly("x.y");
    assertThat(FieldRef.parse("$topic").source()).isEqualTo(FieldRef.Source.TOPIC);
    assertThat(FieldRef.parse("$value.$odd").path()).containsExactly("$odd");
  }

  @Test
  void shouldRefuseMalformedReferences() {
    assertThatThrownBy(() -> FieldRef.parse("a..b")).hasMessageContaining("empty path segment");
    assertThatThrownBy(() -> FieldRef.parse("$nope")).hasMessageContaining("not a field reference");
  }

  @Test
  void shouldParseMeasureSpecsWithOptionalNameAndType() {
    assertThat(MeasureSpec.parse("cpu"))
        .isEqualTo(new MeasureSpec(FieldRef.parse("cpu"), "cpu", null));
    assertThat(MeasureSpec.parse("cpu:double").type()).isEqualTo(MeasureType.DOUBLE);
    assertThat(MeasureSpec.parse("cpu:cpu_pct").name()).isEqualTo("cpu_pct");
    assertThat(MeasureSpec.parse("m.cpu:cpu_pct:BIGINT"))
        .isEqualTo(new MeasureSpec(FieldRef.parse("m.cpu"), "cpu_pct", MeasureType.BIGINT));
    assertThatThrownBy(() -> MeasureSpec.parse("cpu:x:FLOAT"))
        .hasMessageContaining("not a measure type");
  }

  @Test
  void shouldRefuseReservedOrOverlongNames() {
    assertThatThrownBy(() -> DimensionSpec.parse("a:time")).hasMessageContaining("reserved");
    assertThatThrownBy(() -> DimensionSpec.parse("a:ts_x")).hasMessageContaining("reserved");
    assertThatThrownBy(() -> DimensionSpec.parse("a:" + "d".repeat(61)))
        .hasMessageContaining("longer than 60 bytes");
    assertThat(DimensionSpec.parse("$key.host:host").name()).isEqualTo("host");
    assertThat(List.of(DimensionSpec.parse("where.site").name())).containsExactly("site");
  }

  @Test
  void shouldChooseCoarsestExactTimeUnit() {
    assertThat(TsTimeUnit.MILLISECONDS.refinedFor(1_000_000_000L))
        .isEqualTo(TsTimeUnit.MILLISECONDS);
    assertThat(TsTimeUnit.MILLISECONDS.refinedFor(1_000_000_000L).refinedFor(1_000L))
        .isEqualTo(TsTimeUnit.MICROSECONDS);
    assertThat(TsTimeUnit.MILLISECONDS.refinedFor(7L)).isEqualTo(TsTimeUnit.NANOSECONDS);
  }
}
