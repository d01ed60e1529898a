package dev.tskafka.local.query;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.impl.SqlParserImpl;

/**
 * Rewrites the pieces of Timestream's SQL that are lexical rather than grammatical, so that
 * Calcite's standard parser reads the rest:
 *
 * <ul>
 *   <li>{@code measure_value::double} (and {@code ::bigint}, {@code ::varchar}, {@code ::boolean},
 *       {@code ::timestamp}) names a column in Timestream, not a cast: it becomes the quoted
 *       identifier {@code "measure_value::double"}, the name the table's column has;
 *   <li>duration literals ({@code 15m}, {@code 24h}, {@code 1d}, {@code 30s}, {@code 100ms}, {@code
 *       10us}, {@code 5ns}) become interval literals ({@code INTERVAL '15' MINUTE(10)}; units below
 *       a second become fractional seconds);
 *   <li>{@code time} and {@code value}, reserved words in standard SQL but column names in
 *       Timestream, are quoted where they are names (not followed by {@code (} or a string, so
 *       {@code TIME '12:00:00'} stays a literal);
 *   <li>Timestream's own function names are lower-cased before {@code (}: they are registered in
 *       lower case and looked up case-sensitively, while Timestream accepts any case.
 * </ul>
 *
 * Text inside string literals, quoted identifiers and comments is copied unchanged. Nothing else is
 * rewritten: an error in the rest of the query is the parser's to name, and {@link
 * Rewritten#originalPosition} maps its position back to the text the user wrote.
 */
public final class DialectRewriter {
  private static final String MEASURE_VALUE = "measure_value";
  private static final Set<String> MEASURE_VALUE_TYPES =
      Set.of("double", "bigint", "varchar", "boolean", "timestamp");
  private static final Set<String> RESERVED_COLUMN_NAMES = Set.of("time", "value");

  /** Words whose parentheses hold {@code expression AS type}. */
  private static final Set<String> CASTS = Set.of("CAST", "TRY_CAST", "SAFE_CAST");

  /**
   * Words Calcite reserves that Timestream (whose SQL reserves far fewer) takes as names: {@code
   * hour}, {@code day}, {@code one}, ... They are quoted where only a name can stand: after {@code
   * AS} (outside {@code CAST(... AS type)}) and after a {@code .}.
   */
  private static final SqlAbstractParserImpl.Metadata CALCITE_WORDS =
      SqlParserImpl.FACTORY.getParser(new StringReader("")).getMetadata();

  private DialectRewriter() {}

  /** The rewritten text and, for each of its characters, where it came from in the original. */
  public static final class Rewritten {
    private final String sql;
    private final int[] origins;
    private final String original;

    private Rewritten(String sql, int[] origins, String original) {
      this.sql = sql;
      this.origins = origins;
      this.original = original;
    }

    /** The rewritten text. */
    public String sql() {
      return sql;
    }

    /**
     * The 1-based line and column in the original text of the 1-based {@code line}, {@code column}
     * of the rewritten text.
     */
    public int[] originalPosition(int line, int column) {
      int index = 0;
      for (int l = 1; l < line && index < sql.length(); index++) {
        if (sql.charAt(index) == '\n') {
          l++;
        }
      }
      index = Math.min(Math.max(0, index + column - 1), Math.max(0, origins.length - 1));
      int at = origins.length == 0 ? 0 : origins[index];
      int originalLine = 1;
      int lineStart = 0;
      for (int i = 0; i < at && i < original.length(); i++) {
        if (original.charAt(i) == '\n') {
          originalLine++;
          lineStart = i + 1;
        }
      }
      return new int[] {originalLine, at - lineStart + 1};
    }

    @Override
    public String toString() {
      return sql;
    }
  }

  /** Builds the output and remembers, for every character written, its source index. */
  private static final class Output {
    private final StringBuilder text;
    private int[] origins;

    Output(int capacity) {
      text = new StringBuilder(capacity);
      origins = new int[capacity];
    }

    void copy(String sql, int from, int to) {
      for (int i = from; i < to; i++) {
        put(sql.charAt(i), i);
      }
    }

    /** Writes {@code replacement}, all of it attributed to source index {@code origin}. */
    void replace(String replacement, int origin) {
      for (int i = 0; i < replacement.length(); i++) {
        put(replacement.charAt(i), origin);
      }
    }

    private void put(char c, int origin) {
      if (text.length() == origins.length) {
        origins = Arrays.copyOf(origins, origins.length * 2 + 16);
      }
      origins[text.length()] = origin;
      text.append(c);
    }

    Rewritten result(String original) {
      return new Rewritten(text.toString(), Arrays.copyOf(origins, text.length()), original);
    }
  }

  public static String rewrite(String sql) {
    return rewriteTracked(sql).sql();
  }

  public static Rewritten rewriteTracked(String sql) {
    return new DialectRewriter.Scan(sql).run();
  }

  /** One pass over one query, remembering the token before the current one. */
  private static final class Scan {
    private final String sql;
    private final Output out;

    /** The previous token, upper case: a word, or a one-character symbol. */
    private String previous = "";

    /** For each open parenthesis, whether it opened a CAST. */
    private final Deque<Boolean> parentheses = new ArrayDeque<>();

    Scan(String sql) {
      this.sql = sql;
      this.out = new Output(sql.length() + 64);
    }

    Rewritten run() {
      int n = sql.length();
      int i = 0;
      while (i < n) {
        char c = sql.charAt(i);
        if (c == '\'' || c == '"') {
          int end = endOfQuoted(sql, i, c);
          out.copy(sql, i, end);
          previous = String.valueOf(c);
          i = end;
        } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
          int end = sql.indexOf('\n', i);
          end = end < 0 ? n : end;
          out.copy(sql, i, end);
          i = end;
        } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
          int end = sql.indexOf("*/", i + 2);
          end = end < 0 ? n : end + 2;
          out.copy(sql, i, end);
          i = end;
        } else if (isIdentifierStart(c) && (i == 0 || !isIdentifierPart(sql.charAt(i - 1)))) {
          int end = word(i);
          previous = sql.substring(i, end).toUpperCase(Locale.ROOT);
          i = end;
        } else if (Character.isDigit(c) && (i == 0 || !isIdentifierPart(sql.charAt(i - 1)))) {
          i = number(sql, i, out);
          previous = "0";
        } else {
          if (c == '(') {
            parentheses.push(CASTS.contains(previous));
          } else if (c == ')' && !parentheses.isEmpty()) {
            parentheses.pop();
          }
          out.copy(sql, i, i + 1);
          if (!Character.isWhitespace(c)) {
            previous = String.valueOf(c);
          }
          i++;
        }
      }
      return out.result(sql);
    }

    /** Copies or rewrites the identifier or keyword starting at {@code from}. */
    private int word(int from) {
      int end = from;
      while (end < sql.length() && isIdentifierPart(sql.charAt(end))) {
        end++;
      }
      String word = sql.substring(from, end);
      String lower = word.toLowerCase(Locale.ROOT);
      if (lower.equals(MEASURE_VALUE)) {
        int typeStart = measureValueTypeStart(sql, end);
        if (typeStart > 0) {
          int typeEnd = identifierEnd(sql, typeStart);
          String type = sql.substring(typeStart, typeEnd).toLowerCase(Locale.ROOT);
          out.replace("\"" + MEASURE_VALUE + "::" + type + "\"", from);
          return typeEnd;
        }
      }
      char next = nextNonSpace(sql, end);
      if (RESERVED_COLUMN_NAMES.contains(lower) && next != '(' && next != '\'' && !isCastTarget()) {
        out.replace("\"" + lower + "\"", from);
      } else if (next == '(' && TimestreamFunctions.NAMES.contains(lower)) {
        // A keyword of Calcite's parser (DATE_TRUNC) has a rule of its own there, bound to
        // Calcite's operator: quoted, it is a plain call of ours.
        boolean keyword = CALCITE_WORDS.isKeyword(lower.toUpperCase(Locale.ROOT));
        out.replace(keyword ? "\"" + lower + "\"" : lower, from);
      } else if ((next != '(' || previous.equals("AS"))
          && inNamePosition()
          && CALCITE_WORDS.isReservedWord(word.toUpperCase(Locale.ROOT))) {
        out.replace("\"" + word + "\"", from);
      } else {
        out.copy(sql, from, end);
      }
      return end;
    }

    /** Whether only a name can stand here: after AS (not a CAST's) or after a dot. */
    private boolean inNamePosition() {
      return (previous.equals("AS") && !isCastTarget()) || previous.equals(".");
    }

    /** Whether this word follows the AS of a CAST (or TRY_CAST): a type, not a name. */
    private boolean isCastTarget() {
      return previous.equals("AS") && !parentheses.isEmpty() && parentheses.peek();
    }
  }

  /** Where the type of {@code ::type} following {@code measure_value} starts, or -1. */
  private static int measureValueTypeStart(String sql, int from) {
    int i = skipSpaces(sql, from);
    if (!sql.startsWith("::", i)) {
      return -1;
    }
    i = skipSpaces(sql, i + 2);
    String type = sql.substring(i, identifierEnd(sql, i)).toLowerCase(Locale.ROOT);
    return MEASURE_VALUE_TYPES.contains(type) ? i : -1;
  }

  /**
   * Copies a number starting at {@code from}; a run of digits followed at once by a duration unit
   * and then by no identifier character is a duration literal, written as an interval.
   */
  private static int number(String sql, int from, Output out) {
    int n = sql.length();
    int end = from;
    while (end < n && Character.isDigit(sql.charAt(end))) {
      end++;
    }
    int unitEnd = end;
    while (unitEnd < n && Character.isLetter(sql.charAt(unitEnd))) {
      unitEnd++;
    }
    if (unitEnd > end && (unitEnd == n || !isIdentifierPart(sql.charAt(unitEnd)))) {
      String interval = interval(sql.substring(from, end), sql.substring(end, unitEnd));
      if (interval != null) {
        out.replace(interval, from);
        return unitEnd;
      }
    }
    out.copy(sql, from, end);
    return end;
  }

  /** The interval literal for a duration, or null when {@code unit} is not a duration unit. */
  static String interval(String digits, String unit) {
    return switch (unit.toLowerCase(Locale.ROOT)) {
      case "d" -> "INTERVAL '" + digits + "' DAY(10)";
      case "h" -> "INTERVAL '" + digits + "' HOUR(10)";
      case "m" -> "INTERVAL '" + digits + "' MINUTE(10)";
      case "s" -> "INTERVAL '" + digits + "' SECOND(10)";
      case "ms" -> fractionalSeconds(digits, 3);
      case "us" -> fractionalSeconds(digits, 6);
      case "ns" -> fractionalSeconds(digits, 9);
      default -> null;
    };
  }

  private static String fractionalSeconds(String digits, int scale) {
    String padded = "0".repeat(Math.max(0, scale + 1 - digits.length())) + digits;
    String whole = padded.substring(0, padded.length() - scale);
    String fraction = padded.substring(padded.length() - scale);
    return "INTERVAL '" + whole + "." + fraction + "' SECOND(10, " + scale + ")";
  }

  private static int endOfQuoted(String sql, int from, char quote) {
    int i = from + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2; // a doubled quote is the quote itself
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length(); // unterminated: the parser reports it
  }

  private static int identifierEnd(String sql, int from) {
    int end = from;
    while (end < sql.length() && isIdentifierPart(sql.charAt(end))) {
      end++;
    }
    return end;
  }

  private static char nextNonSpace(String sql, int from) {
    int i = skipSpaces(sql, from);
    return i < sql.length() ? sql.charAt(i) : 0;
  }

  private static int skipSpaces(String sql, int from) {
    int i = from;
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
