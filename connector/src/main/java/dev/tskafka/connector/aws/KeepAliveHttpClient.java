package dev.tskafka.connector.aws;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * HTTP/1.1 POSTs for the WriteRecords calls only, every call of a task on one I/O thread: a
 * selector over non-blocking keep-alive connections, reused from a pool per endpoint, with the
 * request head and body in one socket write. One thread for all the calls in flight instead of one
 * per call: at 20 ms per call a task keeps ~60 calls in flight, and 60 blocked threads, each woken
 * for its own answer, cost the worker thread switches and kept the task thread waiting for a CPU;
 * with one thread the task went from 0.47 to 0.61 x the counting sink's rate at 20 ms in a stock
 * worker (docs/benchmarks.md). A WriteRecords call through the AWS SDK's Netty client took 190-260
 * µs of CPU on our machines; this thread spends 90-120 per call of 100 records, the body, the
 * signature, the answer and the offsets' bookkeeping included.
 *
 * <p>Requests are built on the I/O thread ({@code post}'s supplier: the body, the endpoint, the
 * signature), and futures complete there: what runs after a call must not block. A builder that
 * blocks (the first endpoint discovery, a credentials refresh; renewals of a discovered endpoint
 * run in the background) holds every call of the task meanwhile; answers that arrived in that time
 * are read before any deadline is enforced.
 *
 * <p>HTTPS uses the given TLS context (the JVM's default: its trust store, SNI, host-name
 * verification). A call has one deadline for connecting, sending and reading the answer: past it
 * the connection is closed and the call fails with a {@link TimeoutException}. A kept-alive
 * connection the server closed while it was idle fails before any byte of an answer arrives: such a
 * call is sent again once on a new connection (WriteRecords is idempotent: the same record written
 * twice is stored once). Idle connections are closed once the server closes them, once bytes nobody
 * asked for arrive on them, and after {@link #MAX_IDLE}.
 */
final class KeepAliveHttpClient implements AutoCloseable {
  /** Idle connections are not reused after this long (load balancers drop them after ~60 s). */
  private static final Duration MAX_IDLE = Duration.ofSeconds(20);

  /** The most an answer may take: its head and the largest body read. */
  private static final int MAX_ANSWER_BYTES =
      HttpAnswerParser.MAX_BODY_BYTES + HttpAnswerParser.MAX_HEAD_BYTES;

  /** How often idle connections are checked for their age when nothing else wakes the thread. */
  private static final long IDLE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** One answer: its status, its {@code x-amzn-ErrorType} header (or null) and its body. */
  record Response(int status, String errorType, byte[] body) {}

  /**
   * One POST: the endpoint, the signed path (with its query, if any) and headers, and the first
   * {@code length} bytes of {@code body}.
   */
  record Request(
      URI uri, String path, Map<String, List<String>> headers, byte[] body, int length) {}

  private final Duration connectTimeout;
  private final SSLContext tls;
  private final Selector selector;
  private final Thread io;
  private final ConcurrentLinkedQueue<Call> submitted = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private volatile boolean closed;

  // Owned by the I/O thread.
  private final Map<String, ArrayDeque<Connection>> idle = new HashMap<>();
  private final List<Connection> busy = new ArrayList<>();
  private final ByteBuffer idleRead = ByteBuffer.allocate(256);
  private long nextExpiryCheck = Long.MAX_VALUE;
  private long nextIdleCheck;

  /**
   * @param tls the context for {@code https} endpoints (the JVM's default in production)
   */
  KeepAliveHttpClient(Duration connectTimeout, SSLContext tls) throws IOException {
    this.connectTimeout = connectTimeout;
    this.tls = tls;
    this.selector = Selector.open();
    this.io = new Thread(this::run, "timestream-io");
    this.io.setDaemon(true);
    this.nextIdleCheck = System.nanoTime() + IDLE_CHECK_NANOS;
    this.io.start();
  }

  /**
   * Sends a POST from the I/O thread, which first builds it ({@code request}: a body to write, a
   * signature, an endpoint to look up cost CPU that the caller's thread need not spend); the future
   * ends, on the I/O thread, with the answer, or with what the builder threw, or with the transport
   * failure ({@link TimeoutException} past the deadline, which runs from this call, an {@link
   * IOException} otherwise).
   */
  CompletableFuture<Response> post(Supplier<Request> request, Duration timeout) {
    Call call = new Call(request, System.nanoTime() + timeout.toNanos(), timeout);
    if (closed) {
      call.fail(new IOException("HTTP client closed"));
      return call.result;
    }
    submitted.add(call);
    if (Thread.currentThread() != io && wakeupPending.compareAndSet(false, true)) {
      selector.wakeup(); // the I/O thread itself takes it up before it selects again
    }
    if (closed && submitted.remove(call)) { // closed meanwhile: the I/O thread may be gone
      call.fail(new IOException("HTTP client closed"));
    }
    return call.result;
  }

  /**
   * Stops the I/O thread and closes every connection: calls still running fail at once, so that a
   * task stopping on a rebalance leaves nothing waiting on a silent endpoint.
   */
  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    if (Thread.currentThread() != io) {
      try {
        io.join(TimeUnit.SECONDS.toMillis(2)); // it stops within a select; a builder may hold it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try {
      while (!closed) {
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextWake() - System.nanoTime())));
        wakeupPending.set(false); // before taking calls: a call added after this wakes it again
        handleReady();
        long now = System.nanoTime();
        if (now >= nextExpiryCheck) {
          // Answers that arrived while this thread was busy (a builder that blocked on endpoint
          // discovery, say) are read before any deadline is enforced.
          if (selector.selectNow() > 0) {
            handleReady();
          }
          expireOverdue(now);
        }
        if (now >= nextIdleCheck) {
          closeStaleIdle(now);
          nextIdleCheck = now + IDLE_CHECK_NANOS;
        }
        // Last: calls posted by the callbacks above (on this thread, so without a wake-up) go out
        // before the next select.
        Call call;
        while (!closed && (call = submitted.poll()) != null) {
          start(call);
        }
      }
    } catch (Throwable e) {
      // A bug here must not leave calls pending forever: they fail below.
      closed = true;
      failRemaining(new IOException("HTTP client stopped: " + e, e));
      return;
    }
    failRemaining(new IOException("HTTP client closed"));
  }

  private void handleReady() {
    Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
    while (ready.hasNext()) {
      SelectionKey key = ready.next();
      ready.remove();
      ((Connection) key.attachment()).ready(key);
    }
  }

  private long nextWake() {
    return Math.min(nextExpiryCheck, nextIdleCheck);
  }

  private void failRemaining(IOException cause) {
    for (Connection c : new ArrayList<>(busy)) {
      Call call = c.call;
      c.close();
      if (call != null) {
        call.fail(cause);
      }
    }
    busy.clear();
    idle.values().forEach(pool -> pool.forEach(Connection::close));
    idle.clear();
    for (Call call = submitted.poll(); call != null; call = submitted.poll()) {
      call.fail(cause);
    }
    try {
      selector.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Builds a call's request and sends it on an idle connection, or a new one. */
  private void start(Call call) {
    try {
      prepare(call, call.request.get());
    } catch (Throwable e) { // an Error too: a future left pending would hold a call slot forever
      call.fail(e);
      return;
    }
    Connection connection = idleConnection(call.origin);
    call.onKeptAlive = connection != null;
    send(call, connection);
  }

  private static void prepare(Call call, Request request) {
    call.uri = request.uri();
    call.origin = request.uri().getScheme() + "://" + request.uri().getRawAuthority();
    call.out =
        new ByteBuffer[] {
          ByteBuffer.wrap(head(request.uri(), request.path(), request.headers())),
          ByteBuffer.wrap(request.body(), 0, request.length())
        };
  }

  /** Sends the call on {@code connection}, or on a new one if null. */
  private void send(Call call, Connection connection) {
    if (connection == null) {
      try {
        connection = open(call);
      } catch (IOException | RuntimeException e) { // a port out of range, say
        call.fail(e);
        return;
      }
    }
    connection.assign(call);
    busy.add(connection);
    nextExpiryCheck = Math.min(nextExpiryCheck, connection.deadline());
    if (connection.connected) {
      connection.advance();
    }
  }

  /** The request line and headers; {@code path} is the signed one (with its query, if any). */
  private static byte[] head(URI uri, String path, Map<String, List<String>> headers) {
    StringBuilder head = new StringBuilder(768);
    head.append("POST ").append(path.isEmpty() ? "/" : path).append(" HTTP/1.1\r\n");
    boolean host = false;
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      host |= header.getKey().equalsIgnoreCase("Host");
      for (String value : header.getValue()) {
        head.append(header.getKey()).append(": ").append(value).append("\r\n");
      }
    }
    if (!host) {
      head.append("Host: ").append(uri.getRawAuthority()).append("\r\n");
    }
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private Connection idleConnection(String origin) {
    ArrayDeque<Connection> pool = idle.get(origin);
    if (pool == null) {
      return null;
    }
    long now = System.nanoTime();
    Connection c;
    while ((c = pool.pollFirst()) != null) {
      if (now - c.idleSince < MAX_IDLE.toNanos()) {
        return c;
      }
      c.close();
    }
    return null;
  }

  private Connection open(Call call) throws IOException {
    URI uri = call.uri;
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    SocketChannel channel = SocketChannel.open();
    try {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
      Wire wire = https ? new TlsWire(channel, engine(uri.getHost(), port)) : Wire.plain(channel);
      boolean connected;
      try {
        connected = channel.connect(new InetSocketAddress(uri.getHost(), port));
      } catch (UnresolvedAddressException e) {
        throw new UnknownHostException(uri.getHost());
      }
      Connection c =
          new Connection(
              call.origin, channel, wire, connected, System.nanoTime() + connectTimeout.toNanos());
      c.key =
          channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, c);
      return c;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private SSLEngine engine(String host, int port) {
    SSLEngine engine = tls.createSSLEngine(host, port); // the host also goes out as SNI
    engine.setUseClientMode(true);
    SSLParameters params = engine.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    engine.setSSLParameters(params);
    return engine;
  }

  /** Fails the calls past their deadline and connections past their connect timeout. */
  private void expireOverdue(long now) {
    long next = Long.MAX_VALUE;
    for (Connection c : new ArrayList<>(busy)) {
      Call call = c.call;
      if (call == null) {
        continue;
      }
      if (now - call.deadline >= 0) {
        c.fail(new TimeoutException("no answer within " + call.timeout.toMillis() + " ms"), false);
      } else if (!c.connected && now - c.connectDeadline >= 0) {
        c.fail(
            new SocketTimeoutException(
                "no connection to " + call.uri + " within " + connectTimeout.toMillis() + " ms"),
            false);
      } else {
        next = Math.min(next, c.deadline());
      }
    }
    nextExpiryCheck = next;
  }

  private void closeStaleIdle(long now) {
    for (Iterator<ArrayDeque<Connection>> pools = idle.values().iterator(); pools.hasNext(); ) {
      ArrayDeque<Connection> pool = pools.next();
      pool.removeIf(
          c -> {
            boolean stale = now - c.idleSince >= MAX_IDLE.toNanos();
            if (stale) {
              c.close();
            }
            return stale;
          });
      if (pool.isEmpty()) {
        pools.remove(); // the endpoint moved (discovery), say
      }
    }
  }

  /** One POST; its future always completes. */
  private static final class Call {
    final CompletableFuture<Response> result = new CompletableFuture<>();
    final Supplier<Request> request;
    final long deadline;
    final Duration timeout;
    URI uri;
    String origin;
    ByteBuffer[] out;
    boolean onKeptAlive;

    Call(Supplier<Request> request, long deadline, Duration timeout) {
      this.request = request;
      this.deadline = deadline;
      this.timeout = timeout;
    }

    void fail(Throwable e) {
      result.completeExceptionally(e);
    }
  }

  /** One socket, used by one call at a time. */
  private final class Connection {
    final String origin;
    final SocketChannel channel;
    final Wire wire;
    final long connectDeadline;
    SelectionKey key;
    boolean connected;
    Call call;
    boolean sent;
    byte[] answer = new byte[512];
    int answerLength;
    long idleSince;

    Connection(
        String origin, SocketChannel channel, Wire wire, boolean connected, long connectDeadline) {
      this.origin = origin;
      this.channel = channel;
      this.wire = wire;
      this.connected = connected;
      this.connectDeadline = connectDeadline;
    }

    long deadline() {
      return connected ? call.deadline : Math.min(call.deadline, connectDeadline);
    }

    void assign(Call call) {
      this.call = call;
      this.sent = false;
      this.answerLength = 0;
      for (ByteBuffer b : call.out) {
        b.rewind(); // sent again after a kept-alive connection failed
      }
    }

    /** The selector says the socket is ready. */
    void ready(SelectionKey key) {
      if (!key.isValid()) {
        return;
      }
      if (!connected) {
        try {
          connected = channel.finishConnect();
        } catch (IOException e) {
          fail(e, false);
          return;
        }
        if (!connected) {
          return;
        }
      }
      advance();
    }

    /** Moves the call on as far as the socket allows: sends, then reads and parses the answer. */
    void advance() {
      try {
        if (call == null) {
          idleReadable();
          return;
        }
        if (!sent) {
          sent = wire.send(call.out);
          if (!sent) {
            interest(wire.awaitsRead() ? SelectionKey.OP_READ : SelectionKey.OP_WRITE);
            return;
          }
        }
        boolean ended = receive();
        HttpAnswerParser.Parsed parsed = HttpAnswerParser.parse(answer, answerLength, ended);
        if (parsed == null) {
          interest(
              wire.wantsWrite()
                  ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
                  : SelectionKey.OP_READ);
          return;
        }
        finish(parsed);
      } catch (IOException | RuntimeException e) {
        fail(e, true);
      }
    }

    /**
     * Appends what arrived to the answer's bytes: all of it, since the selector will not report
     * bytes a TLS wire already took off the socket. Returns whether the server ended the stream.
     */
    private boolean receive() throws IOException {
      while (true) {
        if (answerLength == answer.length) {
          if (answer.length >= MAX_ANSWER_BYTES) {
            throw new IOException("answer longer than 8 MB"); // one framed by the end of the stream
          }
          answer = Arrays.copyOf(answer, Math.min(answer.length * 2, MAX_ANSWER_BYTES));
        }
        ByteBuffer into = ByteBuffer.wrap(answer, answerLength, answer.length - answerLength);
        int n;
        try {
          n = wire.receive(into);
        } finally {
          answerLength = into.position(); // bytes that came before a failure count as an answer
        }
        if (n < 0) {
          return true;
        }
        if ((n == 0 || answerLength < answer.length) && !wire.ended()) {
          return false; // a short read: nothing more for now
        }
      }
    }

    private void finish(HttpAnswerParser.Parsed parsed) {
      Call done = call;
      call = null;
      busy.remove(this);
      if (parsed.keepAlive() && parsed.consumed() == answerLength && !closed) {
        idleSince = System.nanoTime();
        answerLength = 0;
        interest(SelectionKey.OP_READ); // an idle connection hears the server close it
        idle.computeIfAbsent(origin, o -> new ArrayDeque<>()).offerFirst(this);
      } else {
        close(); // closing, or out of step (bytes past the answer)
      }
      done.result.complete(parsed.response());
    }

    /** Bytes or an end of stream on an idle connection: it is closed, or out of step. */
    private void idleReadable() throws IOException {
      idleRead.clear();
      if (wire.receive(idleRead) != 0 || wire.ended()) { // a TLS session ticket adds nothing
        leaveIdlePool();
      }
    }

    private void leaveIdlePool() {
      ArrayDeque<Connection> pool = idle.get(origin);
      if (pool != null) {
        pool.remove(this);
      }
      close();
    }

    /**
     * The connection failed: the call fails, or is sent once more on a new connection if it went
     * out on a kept-alive one that the server had closed (no byte of an answer arrived).
     */
    void fail(Throwable e, boolean mayResend) {
      Call failed = call;
      call = null;
      busy.remove(this);
      if (failed == null) {
        leaveIdlePool();
        return;
      }
      close();
      if (mayResend
          && e instanceof IOException
          && failed.onKeptAlive
          && answerLength == 0
          && !closed) {
        failed.onKeptAlive = false; // once
        send(failed, null);
        return;
      }
      failed.fail(e);
    }

    private void interest(int ops) {
      if (key.interestOps() != ops) {
        key.interestOps(ops);
      }
    }

    void close() {
      try {
        channel.close(); // also cancels its key
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
