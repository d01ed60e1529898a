package dev.tskafka.local.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Model-constraint failures of one request, reported together in the service's Coral format: {@code
 * 1 validation error detected: Value 'x' at 'path' failed to satisfy constraint: rule}.
 */
public final class Violations {
  private final List<String> failures = new ArrayList<>();

  /** Records a failure of {@code rule} by {@code value} at {@code path}. */
  public void fail(Object value, CharSequence path, String rule) {
    String shown = value == null ? "null" : "'" + value + "'";
    failures.add("Value " + shown + " at '" + path + "' failed to satisfy constraint: " + rule);
  }

  /** Fails when a required member is absent. Returns whether it is present. */
  public boolean required(Object value, CharSequence path) {
    if (value == null) {
      fail(null, path, "Member must not be null");
      return false;
    }
    return true;
  }

  /** Checks a string's length in characters when present. */
  public void length(String value, CharSequence path, int min, int max) {
    if (value == null) {
      return;
    }
    if (value.length() < min) {
      fail(value, path, "Member must have length greater than or equal to " + min);
    } else if (value.length() > max) {
      fail(value, path, "Member must have length less than or equal to " + max);
    }
  }

  /** Checks a list's size. */
  public void size(int count, CharSequence path, int min, int max) {
    if (count < min) {
      fail("[]", path, "Member must have length greater than or equal to " + min);
    } else if (count > max) {
      fail("[" + count + " items]", path, "Member must have length less than or equal to " + max);
    }
  }

  /** Checks a number's range when present. */
  public void range(Long value, CharSequence path, long min, long max) {
    if (value == null) {
      return;
    }
    if (value < min) {
      fail(value, path, "Member must have value greater than or equal to " + min);
    } else if (value > max) {
      fail(value, path, "Member must have value less than or equal to " + max);
    }
  }

  /** Checks that a present value is one of {@code allowed}. */
  public void oneOf(String value, CharSequence path, List<String> allowed) {
    if (value != null && !allowed.contains(value)) {
      fail(value, path, "Member must satisfy enum value set: " + allowed);
    }
  }

  /** Checks that a present value matches {@code pattern}. */
  public void pattern(String value, CharSequence path, Pattern pattern) {
    if (value != null && !pattern.matcher(value).matches()) {
      fail(value, path, "Member must satisfy regular expression pattern: " + pattern.pattern());
    }
  }

  /** Throws the ValidationException when anything failed. */
  public void throwIfAny() {
    if (failures.isEmpty()) {
      return;
    }
    String count =
        failures.size() == 1
            ? "1 validation error detected: "
            : failures.size() + " validation errors detected: ";
    throw ServiceException.validation(count + String.join("; ", failures));
  }
}
