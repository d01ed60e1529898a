package dev.tskafka.local.protocol;

/**
 * A request member's path in the Coral format ({@code records.3.member.dimensions.1.member.name}),
 * rendered only when a violation is reported: WriteRecords checks every member of up to 100
 * records, and building each path eagerly cost more than the checks.
 */
public final class MemberPath implements CharSequence {
  private final MemberPath parent;
  private final String member;
  private final int index;
  private String rendered;

  private MemberPath(MemberPath parent, String member, int index) {
    this.parent = parent;
    this.member = member;
    this.index = index;
  }

  /** A top-level member. */
  public static MemberPath of(String member) {
    return new MemberPath(null, member, 0);
  }

  /** A member of this structure. */
  public MemberPath member(String name) {
    return new MemberPath(this, name, 0);
  }

  /** The element at a 0-based index of this list, rendered 1-based as Coral does. */
  public MemberPath element(int zeroBasedIndex) {
    return new MemberPath(this, null, zeroBasedIndex + 1);
  }

  @Override
  public String toString() {
    if (rendered == null) {
      String own = member != null ? member : index + ".member";
      rendered = parent == null ? own : parent + "." + own;
    }
    return rendered;
  }

  @Override
  public int length() {
    return toString().length();
  }

  @Override
  public char charAt(int i) {
    return toString().charAt(i);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return toString().subSequence(start, end);
  }
}
