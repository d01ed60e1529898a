package dev.tskafka.connector.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tskafka.connector.aws.LocalhostCertificate;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A Timestream Write endpoint for the stock-worker benchmark that answers at once (or after an
 * injected latency) and keeps nothing but a count: what the service costs the connector's machine,
 * which is nothing. It counts the records of each WriteRecords body (and answers {@code
 * RecordsIngested} with that count, as the service does), answers DescribeTable for any table, and
 * refuses every other operation.
 *
 * <p>It shares the benchmark's two cores with the worker, so it is kept cheap: HTTP/1.1 on blocking
 * sockets, one thread per kept-alive connection, request bodies read by Content-Length or chunked.
 * An answer held back by the injected latency is written by one thread for all connections, which
 * wakes at most once a millisecond and writes every answer then due (so an answer comes 0-1 ms
 * after the latency): a sleep per call on each connection's thread cost a wake-up per call. The
 * JDK's {@code HttpServer}, which it used before, took 1.1-1.8 µs of CPU per record (110-180 µs per
 * 100-record call) for its selector hand-offs.
 *
 * <p>Control, on the same port: {@code PUT /_bench/latency} with a number of milliseconds, {@code
 * GET /_bench/count?table=T} for the records counted for a table, {@code POST /_bench/reset}.
 */
public final class AnsweringEndpoint {
  private static final String JSON_TYPE = "application/x-amz-json-1.0";
  private static final String WRITE_RECORDS = "Timestream_20181101.WriteRecords";
  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] RECORDS_KEY = "Records".getBytes(StandardCharsets.UTF_8);
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final AtomicLong latencyMs = new AtomicLong();
  private final ConcurrentLinkedQueue<Held> held = new ConcurrentLinkedQueue<>();
  private final ServerSocket server;
  private ServerSocket
      tlsServer; // with --tls-keystore: WriteRecords over TLS, as the service serves it

  AnsweringEndpoint(int port) throws IOException {
    server = new ServerSocket(port, 512, InetAddress.getLoopbackAddress());
  }

  /**
   * Also serves every request over TLS on a port of its own, with the key and certificate of a
   * PKCS12 store; returns that port. The plain port stays for the benchmark's control requests.
   */
  int serveTls(Path keyStore, String password) throws IOException, GeneralSecurityException {
    tlsServer =
        LocalhostCertificate.context(keyStore, password)
            .getServerSocketFactory()
            .createServerSocket(0, 512, InetAddress.getLoopbackAddress());
    return tlsServer.getLocalPort();
  }

  public static void main(String[] args) throws IOException, GeneralSecurityException {
    int port = 0;
    Path keyStore = null;
    String password = "";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--tls-keystore" -> keyStore = Path.of(args[i + 1]);
        case "--tls-password" -> password = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    AnsweringEndpoint endpoint = new AnsweringEndpoint(port);
    if (keyStore != null) {
      int tlsPort = endpoint.serveTls(keyStore, password);
      System.out.println("answering-endpoint tls-endpoint=https://localhost:" + tlsPort);
    }
    endpoint.start();
    System.out.println("answering-endpoint ready endpoint=http://127.0.0.1:" + endpoint.port());
  }

  /**
   * Accepts connections on a thread that keeps the JVM alive until {@link #stop()}, each connection
   * served by a daemon thread of its own.
   */
  void start() {
    accept(server, "acceptor");
    if (tlsServer != null) {
      accept(tlsServer, "tls-acceptor");
    }
    Thread releaser = new Thread(this::releaseHeldAnswers, "held-answers");
    releaser.setDaemon(true);
    releaser.start();
  }

  /** An answer held back by the injected latency, to be written once it is due. */
  private record Held(long dueNanos, Socket socket, byte[] bytes) {}

  /**
   * Writes held answers as they come due, in the order they were held (one latency for all, so that
   * is the order they come due), sleeping at least a millisecond between passes so that one wake-up
   * answers every call that came due meanwhile.
   */
  private void releaseHeldAnswers() {
    while (true) {
      Held next = held.peek();
      long now = System.nanoTime();
      if (next == null || next.dueNanos - now > 0) {
        LockSupport.parkNanos(next == null ? 1_000_000 : Math.max(1_000_000, next.dueNanos - now));
        continue;
      }
      held.poll();
      try {
        OutputStream out = next.socket.getOutputStream();
        out.write(next.bytes);
        out.flush();
      } catch (IOException e) {
        // the client went away: its connection thread ends when its read fails
        try {
          next.socket.close();
        } catch (IOException ignored) {
          // closed anyway
        }
      }
    }
  }

  private void accept(ServerSocket sockets, String name) {
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  Socket socket = sockets.accept();
                  Thread connection =
                      new Thread(() -> serve(socket), "connection-" + socket.getPort());
                  connection.setDaemon(true);
                  connection.start();
                }
              } catch (IOException e) {
                // closed
              }
            },
            name);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Stops accepting; connections already open end when their clients close them. */
  void stop() throws IOException {
    server.close();
    if (tlsServer != null) {
      tlsServer.close();
    }
  }

  /** One kept-alive connection: requests answered one after the other until either side closes. */
  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new ConnectionInput(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        Request request;
        try {
          request = Request.read(in);
        } catch (RuntimeException e) {
          // an unreadable request (a bad length, a transfer coding other than chunked): answered,
          // and the connection closed, since where the next request starts is unknown
          out.write(refusal(e).bytes(true));
          out.flush();
          return;
        }
        if (request == null) {
          return;
        }
        Answer answer;
        try {
          answer = answer(request);
        } catch (RuntimeException | IOException e) {
          answer = refusal(e);
        }
        long delay = WRITE_RECORDS.equals(request.target) ? latencyMs.get() : 0;
        if (delay > 0 && !request.close) {
          // The client sends its next request on this connection only after this answer.
          held.add(
              new Held(
                  System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay),
                  socket,
                  answer.bytes(false)));
          continue;
        }
        if (delay > 0) {
          Thread.sleep(delay);
        }
        out.write(answer.bytes(request.close));
        out.flush();
        if (request.close) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away; nothing to answer
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A 400 naming the failure, its text escaped for JSON. */
  private static Answer refusal(Exception e) {
    String message = e.toString().replace("\\", "\\\\").replace("\"", "\\\"");
    return new Answer(400, "{\"__type\":\"ValidationException\",\"message\":\"" + message + "\"}");
  }

  private Answer answer(Request request) throws IOException, InterruptedException {
    if (request.path.startsWith("/_bench/")) {
      return control(request);
    }
    String target = String.valueOf(request.target);
    switch (target) {
      case WRITE_RECORDS -> {
        int records = countRecords(request.body);
        counts.computeIfAbsent(names(request.body).table, t -> new LongAdder()).add(records);
        return new Answer(
            200,
            "{\"RecordsIngested\":{\"Total\":"
                + records
                + ",\"MemoryStore\":"
                + records
                + ",\"MagneticStore\":0}}");
      }
      case "Timestream_20181101.DescribeTable" -> {
        Names call = names(request.body);
        return new Answer(
            200,
            "{\"Table\":{\"DatabaseName\":\""
                + call.database
                + "\",\"TableName\":\""
                + call.table
                + "\",\"TableStatus\":\"ACTIVE\"}}");
      }
      default -> {
        return new Answer(
            400,
            "{\"__type\":\"UnknownOperationException\",\"message\":\"not answered here: "
                + target
                + "\"}");
      }
    }
  }

  private Answer control(Request request) {
    String body = new String(request.body, StandardCharsets.UTF_8).trim();
    switch (request.path) {
      case "/_bench/latency" -> {
        latencyMs.set(Long.parseLong(body));
        return new Answer(200, "{}");
      }
      case "/_bench/reset" -> {
        counts.clear();
        return new Answer(200, "{}");
      }
      case "/_bench/count" -> {
        String query =
            request.query == null ? "" : URLDecoder.decode(request.query, StandardCharsets.UTF_8);
        String table = query.startsWith("table=") ? query.substring("table=".length()) : "";
        LongAdder count = counts.get(table);
        return new Answer(200, Long.toString(count == null ? 0 : count.sum()));
      }
      default -> {
        return new Answer(404, "{}");
      }
    }
  }

  /**
   * One HTTP/1.1 request: its path and query, its X-Amz-Target, its body, and Connection: close.
   */
  record Request(String path, String query, String target, byte[] body, boolean close) {
    /** The next request on the connection, or null once the client closed it between requests. */
    static Request read(InputStream in) throws IOException {
      String head = readHead(in);
      if (head == null) {
        return null;
      }
      List<String> lines = lines(head);
      String[] requestLine = lines.get(0).split(" ");
      if (requestLine.length != 3) {
        throw new IOException("not an HTTP request line: " + lines.get(0));
      }
      String uri = requestLine[1];
      int q = uri.indexOf('?');
      String path = q < 0 ? uri : uri.substring(0, q);
      String query = q < 0 ? null : uri.substring(q + 1);
      String target = null;
      long length = 0;
      boolean chunked = false;
      boolean close = requestLine[2].equals("HTTP/1.0");
      for (String line : lines.subList(1, lines.size())) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new IOException("not a header: " + line);
        }
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        switch (name) {
          case "x-amz-target" -> target = value;
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> {
            if (!value.equalsIgnoreCase("chunked")) {
              throw new IllegalArgumentException("transfer coding not handled here: " + value);
            }
            chunked = true;
          }
          case "connection" -> close = value.equalsIgnoreCase("close");
          default -> {
            // not needed here
          }
        }
      }
      if (length < 0) {
        throw new IllegalArgumentException("negative Content-Length: " + length);
      }
      byte[] body = chunked ? readChunked(in) : readFully(in, Math.toIntExact(length));
      return new Request(path, query, target, body, close);
    }

    /** The head's lines (String.split would compile its two-character pattern on every call). */
    private static List<String> lines(String head) {
      List<String> lines = new ArrayList<>(16);
      int from = 0;
      for (int end; (end = head.indexOf("\r\n", from)) >= 0; from = end + 2) {
        lines.add(head.substring(from, end));
      }
      lines.add(head.substring(from));
      return lines;
    }

    /** The request line and headers up to the blank line, or null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
      byte[] head = new byte[1024];
      int size = 0;
      int matched = 0; // how much of CR LF CR LF has just been read
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          if (size == 0) {
            return null;
          }
          throw new EOFException("request head ended early");
        }
        if (size == head.length) {
          if (size >= MAX_HEAD_BYTES) {
            throw new IOException("request head over " + MAX_HEAD_BYTES + " bytes");
          }
          head = Arrays.copyOf(head, size * 2);
        }
        head[size++] = (byte) b;
        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      return new String(head, 0, size - 4, StandardCharsets.ISO_8859_1);
    }

    /**
     * Exactly {@code length} bytes (InputStream.readNBytes reads 8 KB pieces and joins them: two
     * copies of every body).
     */
    private static byte[] readFully(InputStream in, int length) throws IOException {
      byte[] bytes = new byte[length];
      for (int at = 0; at < length; ) {
        int n = in.read(bytes, at, length - at);
        if (n < 0) {
          throw new EOFException("body ended early");
        }
        at += n;
      }
      return bytes;
    }

    private static byte[] readChunked(InputStream in) throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String sizeLine = readLine(in);
        int semicolon = sizeLine.indexOf(';');
        int size =
            Integer.parseInt(
                (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
        if (size == 0) {
          while (!readLine(in).isEmpty()) {
            // trailers, ignored
          }
          return body.toByteArray();
        }
        byte[] chunk = readFully(in, size);
        body.write(chunk);
        readLine(in);
      }
    }

    private static String readLine(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) != '\n') {
        if (b < 0) {
          throw new EOFException("line ended early");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }
  }

  /**
   * A socket's input read in 64 KB blocks. BufferedInputStream would do, but its single-byte read
   * takes a lock, and the request head is read a byte at a time: that was a third of this
   * endpoint's Java time per call.
   */
  static final class ConnectionInput extends InputStream {
    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;

    ConnectionInput(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      if (pos == limit && !fill()) {
        return -1;
      }
      return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (pos == limit) {
        if (len >= buf.length) {
          return in.read(b, off, len);
        }
        if (!fill()) {
          return -1;
        }
      }
      int n = Math.min(len, limit - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() throws IOException {
      return limit - pos + in.available();
    }

    private boolean fill() throws IOException {
      int n = in.read(buf, 0, buf.length);
      if (n <= 0) {
        return false;
      }
      pos = 0;
      limit = n;
      return true;
    }
  }

  /** A status and a JSON body. */
  private record Answer(int status, String body) {
    byte[] bytes(boolean close) {
      byte[] json = body.getBytes(StandardCharsets.UTF_8);
      String head =
          "HTTP/1.1 "
              + status
              + (status == 200 ? " OK" : status == 404 ? " Not Found" : " Bad Request")
              + "\r\nContent-Type: "
              + JSON_TYPE
              + "\r\nContent-Length: "
              + json.length
              + (close ? "\r\nConnection: close" : "")
              + "\r\n\r\n";
      byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
      byte[] all = Arrays.copyOf(headBytes, headBytes.length + json.length);
      System.arraycopy(json, 0, all, headBytes.length, json.length);
      return all;
    }
  }

  /** The database and table a WriteRecords or DescribeTable body names. */
  private record Names(String database, String table) {}

  /** Reads the body's names with Jackson, stopping once it has both (they come first). */
  private static Names names(byte[] body) throws IOException {
    String database = null;
    String table = null;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("body is not a JSON object");
      }
      while ((database == null || table == null) && p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("DatabaseName")) {
          database = p.getText();
        } else if (field.equals("TableName")) {
          table = p.getText();
        } else {
          p.skipChildren();
        }
      }
    }
    return new Names(database == null ? "" : database, table == null ? "" : table);
  }

  /**
   * The number of objects in the body's top-level {@code Records} array, from one pass over its
   * bytes (strings skipped, escapes honoured). Jackson's tokenizer took a third of this endpoint's
   * CPU, which the benchmark's two cores share with the worker; this scan takes a fraction of it.
   */
  static int countRecords(byte[] body) {
    int depth = 0;
    int count = 0;
    boolean recordsNext = false; // the key "Records" was just read at the top level
    int recordsDepth = -1; // the depth inside the Records array, while in it
    for (int i = 0; i < body.length; i++) {
      byte b = body[i];
      switch (b) {
        case '"' -> {
          int end = stringEnd(body, i);
          if (depth == 1
              && recordsDepth < 0
              && end - i == RECORDS_KEY.length + 1
              && java.util.Arrays.equals(body, i + 1, end, RECORDS_KEY, 0, RECORDS_KEY.length)) {
            recordsNext = true;
          }
          i = end;
        }
        case '[', '{' -> {
          depth++;
          if (b == '[' && recordsNext) {
            recordsDepth = depth;
          } else if (b == '{' && depth == recordsDepth + 1) {
            count++;
          }
          recordsNext = false;
        }
        case ']', '}' -> {
          if (depth == recordsDepth) {
            recordsDepth = Integer.MAX_VALUE; // closed: later arrays named Records do not count
          }
          depth--;
        }
        case ',' -> recordsNext = false;
        default -> {
          // ':' and whitespace keep recordsNext; values are skipped
        }
      }
    }
    return count;
  }

  /** The index of the quote that closes the string opened at {@code start}. */
  private static int stringEnd(byte[] body, int start) {
    for (int i = start + 1; i < body.length; i++) {
      if (body[i] == '\\') {
        i++;
      } else if (body[i] == '"') {
        return i;
      }
    }
    throw new IllegalArgumentException("unterminated string");
  }
}
