package dev.tskafka.streams.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HourlyMomentsTest {
  static final long MINUTE = 60_000;
  static final long HOUR = 60 * MINUTE;

  /** One window of readings starting at {@code start}. */
  static RunningStats window(long start, double... values) {
    RunningStats stats = new RunningStats();
    for (double v : values) {
      stats.add(v, start);
    }
    return stats;
  }

  @Test
  void shouldPoolTheTrailingDayAsIfEveryReadingHadBeenAddedToOneSummary() {
    SplittableRandom random = new SplittableRandom(7);
    HourlyMoments hourly = new HourlyMoments();
    RunningStats lastDay = new RunningStats();
    long end = 30 * HOUR; // windows from hour 0 to hour 29, one per 10 minutes
    for (long start = 0; start < end; start += 10 * MINUTE) {
      double level = 100 + start / HOUR; // a level that moves hour by hour
      double[] readings = {level + random.nextGaussian(), level - 1, level + 2};
      hourly.add(start, window(start, readings));
      if (start >= 6 * HOUR) { // the hours 6..29: the 24 up to the last window's hour
        for (double v : readings) {
          lastDay.add(v, start);
        }
      }
    }
    HourlyMoments.Day day = hourly.trailingDay(end - 10 * MINUTE);
    assertThat(day.hours()).isEqualTo(24);
    assertThat(day.count()).isEqualTo(lastDay.count());
    assertThat(day.mean()).isCloseTo(lastDay.mean(), within(1e-9));
    assertThat(day.stddev()).isCloseTo(lastDay.stddev(), within(1e-9));
  }

  @Test
  void shouldGiveTheFirstWindowOfAnHourTheFullDayBeforeIt() {
    HourlyMoments hourly = new HourlyMoments();
    for (long h = 0; h < 24; h++) {
      hourly.add(h * HOUR, window(h * HOUR, 10, 12));
    }
    // judged before it is added, as the app judges: hours 0..23 are the day before hour 24
    HourlyMoments.Day day = hourly.trailingDay(24 * HOUR);
    assertThat(day.hours()).isEqualTo(24);
    assertThat(day.count()).isEqualTo(48);
    hourly.add(24 * HOUR, window(24 * HOUR, 11));
    // the next window of hour 24: hour 0 is gone, hour 24's first window counts
    assertThat(hourly.trailingDay(24 * HOUR + MINUTE).hours()).isEqualTo(24);
    assertThat(hourly.trailingDay(24 * HOUR + MINUTE).count()).isEqualTo(47);
  }

  @Test
  void shouldLeaveOutHoursADayOldAndWindowsOlderThanTheirSlot() {
    HourlyMoments hourly = new HourlyMoments();
    hourly.add(0, window(0, 10, 12));
    assertThat(hourly.trailingDay(23 * HOUR).count()).isEqualTo(2);
    assertThat(hourly.trailingDay(24 * HOUR).count())
        .as("hour 0 is the day before hour 24")
        .isEqualTo(2);
    assertThat(hourly.trailingDay(25 * HOUR).count()).as("hour 0 is more than a day old").isZero();
    hourly.add(48 * HOUR, window(48 * HOUR, 50));
    hourly.add(0, window(0, 1000)); // late: its slot now holds hour 48, two days on
    HourlyMoments.Day day = hourly.trailingDay(48 * HOUR + MINUTE);
    assertThat(day.count()).isEqualTo(1);
    assertThat(day.mean()).isEqualTo(50.0);
    assertThat(day.stddev()).isZero();
  }

  @Test
  void shouldKeepTheSameHourOfTheDayBeforeApartFromToday() {
    HourlyMoments hourly = new HourlyMoments();
    hourly.add(3 * HOUR, window(3 * HOUR, 10, 12));
    hourly.add(3 * HOUR + MINUTE, window(3 * HOUR + MINUTE, 14));
    assertThat(hourly.sameHourYesterday(26 * HOUR)).isEqualTo(HourlyMoments.Day.NONE);
    HourlyMoments.Day before = hourly.sameHourYesterday(27 * HOUR + 30 * MINUTE);
    assertThat(before.count()).isEqualTo(3);
    assertThat(before.mean()).isCloseTo(12.0, within(1e-9));
    assertThat(before.stddev()).isCloseTo(2.0, within(1e-9));
    hourly.add(27 * HOUR, window(27 * HOUR, 100)); // today's hour 3 has its own slot
    assertThat(hourly.sameHourYesterday(27 * HOUR + MINUTE)).isEqualTo(before);
  }

  @Test
  void shouldReadBackWhatItWrote() throws IOException {
    HourlyMoments hourly = new HourlyMoments();
    hourly.add(5 * HOUR, window(5 * HOUR, 1, 2, 3));
    hourly.add(7 * HOUR + MINUTE, window(7 * HOUR + MINUTE, 10, 20));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    hourly.writeTo(new DataOutputStream(bytes));
    HourlyMoments read =
        HourlyMoments.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(read.trailingDay(8 * HOUR)).isEqualTo(hourly.trailingDay(8 * HOUR));
    assertThat(read.sameHourYesterday(29 * HOUR)).isEqualTo(hourly.sameHourYesterday(29 * HOUR));
    assertThat(read.sameHourYesterday(29 * HOUR).count()).isEqualTo(3);
    assertThat(read.trailingDay(8 * HOUR).count()).isEqualTo(5);
  }
}
