package dev.tskafka.connector.aws;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP/1.1 POSTs over blocking sockets with keep-alive connections, for the WriteRecords calls
 * only: one I/O thread per call in flight, connections reused from a pool per endpoint, the request
 * head and body in one socket write. A WriteRecords call through the AWS SDK's Netty client took
 * 190-260 µs of CPU on our machines, this path 90 (signing included), and Timestream caps a call at
 * 100 records, so the difference is paid on every 100 records (docs/benchmarks.md).
 *
 * <p>HTTPS uses the JVM's default TLS (its trust store, SNI, host-name verification). A call has
 * one deadline for connecting, sending and reading the answer: past it the connection is closed and
 * the call fails with a {@link TimeoutException}. A kept-alive connection the server closed while
 * it was idle fails before any byte of an answer arrives: such a call is sent again once on a new
 * connection (WriteRecords is idempotent: the same record written twice is stored once). Idle
 * connections older than {@link #MAX_IDLE} are closed rather than reused.
 */
final class KeepAliveHttpClient implements AutoCloseable {
  /** Idle connections are not reused after this long (load balancers drop them after ~60 s). */
  private static final Duration MAX_IDLE = Duration.ofSeconds(20);

  /** One answer: its status, its {@code x-amzn-ErrorType} header (or null) and its body. */
  record Response(int status, String errorType, byte[] body) {}

  private final ThreadPoolExecutor io;
  private final ScheduledThreadPoolExecutor deadlines;
  private final Duration connectTimeout;
  private final SSLSocketFactory tls;
  private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();
  private final Set<Connection> busy = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param threads the I/O threads, one per call in flight (calls beyond it wait for a thread)
   * @param tls the factory for {@code https} endpoints (the JVM's default in production)
   */
  KeepAliveHttpClient(int threads, Duration connectTimeout, SSLSocketFactory tls) {
    AtomicInteger ids = new AtomicInteger();
    this.io =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> daemon(r, "timestream-io-" + ids.incrementAndGet()));
    this.io.allowCoreThreadTimeOut(true);
    this.deadlines = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "timestream-deadline"));
    this.deadlines.setRemoveOnCancelPolicy(true);
    this.connectTimeout = connectTimeout;
    this.tls = tls;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * One POST: the endpoint, the signed path (with its query, if any) and headers, and the first
   * {@code length} bytes of {@code body}.
   */
  record Request(
      URI uri, String path, Map<String, List<String>> headers, byte[] body, int length) {}

  /**
   * Sends a POST on an I/O thread, which first builds it ({@code request}: a body to write, a
   * signature, an endpoint to look up cost CPU that the caller's thread need not spend, and a
   * thread hand-off per call less); the future ends with the answer, or with what the builder
   * threw, or with the transport failure ({@link TimeoutException} past the deadline, which runs
   * from this call, an {@link IOException} otherwise).
   */
  CompletableFuture<Response> post(Supplier<Request> request, Duration timeout) {
    Call call = new Call(request, System.nanoTime() + timeout.toNanos(), timeout);
    try {
      io.execute(call);
    } catch (RejectedExecutionException e) {
      call.result.completeExceptionally(new IOException("HTTP client closed", e));
    }
    return call.result;
  }

  /** One POST, run on an I/O thread; its future always completes. */
  private final class Call implements Runnable {
    final CompletableFuture<Response> result = new CompletableFuture<>();
    private final Supplier<Request> request;
    private final long deadline;
    private final Duration timeout;

    Call(Supplier<Request> request, long deadline, Duration timeout) {
      this.request = request;
      this.deadline = deadline;
      this.timeout = timeout;
    }

    @Override
    public void run() {
      try {
        result.complete(exchange(request.get(), deadline, timeout));
      } catch (Throwable e) { // an Error too: a future left pending would hold a call slot forever
        result.completeExceptionally(e);
      }
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

  private Response exchange(Request request, long deadline, Duration timeout)
      throws IOException, TimeoutException {
    URI uri = request.uri();
    byte[] head = head(uri, request.path(), request.headers());
    String origin = origin(uri);
    Connection connection = idleConnection(origin);
    boolean fresh = connection == null;
    while (true) {
      if (connection == null) {
        connection = open(uri, deadline);
      }
      Connection current = connection;
      busy.add(current);
      ScheduledFuture<?> watchdog;
      try {
        // Refused once closed: close() shuts the deadlines down before it closes busy connections.
        watchdog =
            deadlines.schedule(current::expire, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        busy.remove(current);
        current.close();
        throw new IOException("HTTP client closed", e);
      }
      try {
        Response response = current.exchange(head, request.body(), request.length());
        // Pooled only if the watchdog had not started: once it has, it closes the socket.
        boolean watchdogStopped = watchdog.cancel(false);
        if (watchdogStopped && current.reusable() && !closed) {
          current.idleSince = System.nanoTime();
          idle.computeIfAbsent(origin, o -> new ConcurrentLinkedDeque<>()).offerFirst(current);
        } else {
          current.close();
        }
        return response;
      } catch (IOException e) {
        watchdog.cancel(false);
        current.close();
        if (current.expired) {
          throw new TimeoutException("no answer within " + timeout.toMillis() + " ms");
        }
        if (fresh || current.answerStarted() || closed) {
          throw e;
        }
        // A kept-alive connection the server had closed: send once more, on a new connection.
        fresh = true;
        connection = null;
      } finally {
        busy.remove(current);
      }
    }
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  private Connection idleConnection(String origin) {
    if (idle.size() > 1) {
      closeExpired(origin); // the endpoint moved (discovery): drop the old one's connections
    }
    ConcurrentLinkedDeque<Connection> pool = idle.get(origin);
    if (pool == null) {
      return null;
    }
    long now = System.nanoTime();
    Connection c;
    while ((c = pool.pollFirst()) != null) {
      if (now - c.idleSince < MAX_IDLE.toNanos() && c.quiet()) {
        return c;
      }
      c.close();
    }
    return null;
  }

  private void closeExpired(String current) {
    long now = System.nanoTime();
    idle.forEach(
        (origin, pool) -> {
          if (origin.equals(current)) {
            return;
          }
          for (Connection c : pool) {
            if (now - c.idleSince >= MAX_IDLE.toNanos() && pool.removeFirstOccurrence(c)) {
              c.close(); // removed by this thread: nobody else holds it
            }
          }
          if (pool.isEmpty()) {
            idle.remove(origin, pool);
          }
        });
  }

  private Connection open(URI uri, long deadline) throws IOException, TimeoutException {
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    long left =
        Math.min(
            TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()), connectTimeout.toMillis());
    if (left <= 0) {
      throw new TimeoutException("no time left to connect to " + uri);
    }
    Socket tcp = new Socket();
    Socket socket = tcp;
    try {
      tcp.setTcpNoDelay(true);
      tcp.setKeepAlive(true);
      tcp.connect(new InetSocketAddress(uri.getHost(), port), (int) left);
      if (https) {
        SSLSocket secure = (SSLSocket) tls.createSocket(socket, uri.getHost(), port, true);
        SSLParameters params = secure.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        secure.setSSLParameters(params);
        socket = secure;
      }
      return new Connection(tcp, socket);
    } catch (IOException | RuntimeException e) {
      tcp.close();
      throw e;
    }
  }

  /**
   * Stops the I/O threads and closes every connection: calls still running fail at once (closing
   * its socket is what ends a blocked read; an interrupt does not), so that a task stopping on a
   * rebalance leaves no thread waiting on a silent endpoint.
   */
  @Override
  public void close() {
    closed = true;
    for (Runnable queued : io.shutdownNow()) {
      if (queued instanceof Call call) {
        call.result.completeExceptionally(new IOException("HTTP client closed"));
      }
    }
    deadlines.shutdownNow();
    idle.values().forEach(pool -> pool.forEach(Connection::close));
    idle.clear();
    busy.forEach(Connection::close);
  }

  /** One socket, used by one call at a time. */
  private static final class Connection {
    private final Socket tcp;
    private final Socket socket;
    private final HttpAnswerReader answers;
    private final OutputStream out;
    private byte[] sendBuffer = new byte[32 * 1024];
    volatile boolean expired;
    long idleSince;

    /**
     * @param tcp the TCP socket: closing it ends a blocked read or write at once (closing a TLS
     *     socket first sends a close_notify, which can wait behind a blocked write)
     * @param socket what is read and written: {@code tcp}, or a TLS socket over it
     */
    Connection(Socket tcp, Socket socket) throws IOException {
      this.tcp = tcp;
      this.socket = socket;
      this.answers = new HttpAnswerReader(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    Response exchange(byte[] head, byte[] body, int length) throws IOException {
      answers.startCall();
      // No socket timeout: the call's watchdog closes the socket at the deadline, which ends a
      // blocked read or write. A timeout would also put the socket in non-blocking mode, where
      // every read is a read that finds nothing, a poll and a read again: three system calls.
      int total = head.length + length;
      if (sendBuffer.length < total) {
        sendBuffer = new byte[Math.max(total, sendBuffer.length * 2)];
      }
      System.arraycopy(head, 0, sendBuffer, 0, head.length);
      System.arraycopy(body, 0, sendBuffer, head.length, length);
      out.write(sendBuffer, 0, total);
      out.flush();
      return answers.read();
    }

    /** Whether any byte of the last call's answer arrived (then it is not sent again). */
    boolean answerStarted() {
      return answers.answerStarted();
    }

    /** Whether the last answer leaves the connection open, and in step, for the next call. */
    boolean reusable() {
      return answers.keepAlive() && !answers.hasUnreadBytes();
    }

    /** An idle connection with bytes to read is out of step (an unsolicited 408, say). */
    boolean quiet() {
      try {
        return !answers.hasUnreadBytes() && socket.getInputStream().available() == 0;
      } catch (IOException e) {
        return false;
      }
    }

    /** The call's deadline passed: closing the socket ends a blocked read or write. */
    void expire() {
      expired = true;
      close();
    }

    void close() {
      try {
        tcp.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
