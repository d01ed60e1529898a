package dev.tskafka.connector.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeepAliveHttpClientTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Map<String, List<String>> HEADERS = headers(0);

  private ScriptedServer server;
  private KeepAliveHttpClient client;

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void sendsTheHeadersAndBodyAndReusesTheConnection() throws Exception {
    server =
        new ScriptedServer(ServerSocketFactory.getDefault(), call -> ok("{\"n\":" + call + "}"));
    client = plainClient();
    byte[] body = "{\"Records\":[1,2,3]}xx".getBytes(StandardCharsets.UTF_8);

    for (int i = 1; i <= 3; i++) {
      KeepAliveHttpClient.Response r = post(server.uri(), body, body.length - 2);
      assertEquals(200, r.status());
      assertArrayEquals(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), r.body());
    }

    assertEquals(1, server.connections.get(), "three calls one after the other, one connection");
    String request = server.requests.get(0);
    assertTrue(request.startsWith("POST / HTTP/1.1\r\n"), request);
    assertTrue(request.contains("Content-Type: application/x-amz-json-1.0\r\n"), request);
    assertTrue(request.contains("Host: 127.0.0.1:" + server.port() + "\r\n"), request);
    assertTrue(request.endsWith("\r\n\r\n{\"Records\":[1,2,3]}"), request);
  }

  @Test
  void readsAChunkedAnswerAndTheErrorTypeHeader() throws Exception {
    server =
        new ScriptedServer(
            ServerSocketFactory.getDefault(),
            call ->
                "HTTP/1.1 400 Bad Request\r\nx-amzn-ErrorType: ValidationException:http://x/\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"
                    + "5\r\n{\"a\":\r\n3;ext=1\r\n\"b\"\r\n1\r\n}\r\n0\r\n\r\n");
    client = plainClient();

    KeepAliveHttpClient.Response r = post(server.uri(), new byte[] {'{', '}'}, 2);

    assertEquals(400, r.status());
    assertEquals("ValidationException:http://x/", r.errorType());
    assertEquals("{\"a\":\"b\"}", new String(r.body(), StandardCharsets.UTF_8));
    post(server.uri(), new byte[] {'{', '}'}, 2);
    assertEquals(1, server.connections.get(), "a chunked answer leaves the connection usable");
  }

  @Test
  void aConnectionCloseAnswerIsNotReused() throws Exception {
    server =
        new ScriptedServer(
            ServerSocketFactory.getDefault(),
            call ->
                "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}"
                    + ScriptedServer.CLOSE);
    client = plainClient();

    assertNull(post(server.uri(), new byte[0], 0).errorType());
    post(server.uri(), new byte[0], 0);

    assertEquals(2, server.connections.get());
  }

  @Test
  void aKeptAliveConnectionTheServerClosedIsSentAgainOnANewOne() throws Exception {
    keepAliveConnectionTheServerThenCloses();

    KeepAliveHttpClient.Response second = post(server.uri(), new byte[] {'2'}, 1);

    assertEquals(200, second.status());
    assertEquals(2, server.connections.get());
    assertEquals(2, server.requests.size(), "the second call reached the server once");
  }

  @Test
  void aServerThatNeverAnswersFailsTheCallAtItsDeadline() throws Exception {
    server = new ScriptedServer(ServerSocketFactory.getDefault(), call -> ScriptedServer.SILENCE);
    client = plainClient();

    Throwable failure = failureOf(server.uri(), Duration.ofMillis(300));

    assertInstanceOf(TimeoutException.class, failure);
    assertEquals("no answer within 300 ms", failure.getMessage());
    assertEquals(1, server.requests.size(), "the request was sent once, not again");
  }

  @Test
  void closingTheClientEndsEveryCallInFlightOnASilentServer() throws Exception {
    server = new ScriptedServer(ServerSocketFactory.getDefault(), call -> ScriptedServer.SILENCE);
    client = plainClient();
    CompletableFuture<KeepAliveHttpClient.Response> first =
        client.post(
            () -> new KeepAliveHttpClient.Request(server.uri(), "/", HEADERS, new byte[0], 0),
            Duration.ofMinutes(10));
    CompletableFuture<KeepAliveHttpClient.Response> queued =
        client.post(
            () -> new KeepAliveHttpClient.Request(server.uri(), "/", HEADERS, new byte[0], 0),
            Duration.ofMinutes(10));
    while (server.requests.isEmpty()) {
      Thread.sleep(10);
    }

    client.close();

    for (var call : List.of(first, queued)) {
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> call.get(30, TimeUnit.SECONDS));
      assertInstanceOf(IOException.class, e.getCause());
    }
  }

  @Test
  void callsAreInFlightAtOnceEachOnItsOwnConnection() throws Exception {
    int calls = 40;
    CountDownLatch allArrived = new CountDownLatch(calls);
    server =
        new ScriptedServer(
            ServerSocketFactory.getDefault(),
            call -> {
              allArrived.countDown();
              try {
                // No answer until every request is in: a client sending one call at a time
                // would wait here for ever.
                assertTrue(allArrived.await(30, TimeUnit.SECONDS), "requests in flight at once");
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return ok("{\"n\":" + call + "}");
            });
    client = plainClient();

    List<CompletableFuture<KeepAliveHttpClient.Response>> futures = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      futures.add(
          client.post(
              () -> new KeepAliveHttpClient.Request(server.uri(), "/", HEADERS, new byte[0], 0),
              TIMEOUT));
    }

    Set<String> bodies = new HashSet<>();
    for (CompletableFuture<KeepAliveHttpClient.Response> f : futures) {
      bodies.add(new String(f.get(60, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8));
    }
    assertEquals(calls, bodies.size(), "each call got its own answer");
    assertEquals(calls, server.connections.get());
  }

  @Test
  void anAnswerLargerThanTheLimitIsRefusedNotAllocated() throws Exception {
    server =
        new ScriptedServer(
            ServerSocketFactory.getDefault(),
            call -> "HTTP/1.1 200 OK\r\nContent-Length: 2000000000\r\n\r\n{}");
    client = plainClient();

    Throwable failure = failureOf(server.uri(), TIMEOUT);

    assertInstanceOf(IOException.class, failure);
    assertEquals("unusable Content-Length: 2000000000", failure.getMessage());
  }

  @Test
  void conflictingContentLengthsAreRefused() throws Exception {
    server =
        new ScriptedServer(
            ServerSocketFactory.getDefault(),
            call -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}");
    client = plainClient();

    Throwable failure = failureOf(server.uri(), TIMEOUT);

    assertInstanceOf(IOException.class, failure);
    assertEquals("conflicting Content-Length headers", failure.getMessage());
  }

  @Test
  void bytesPastAnAnswerKeepItsConnectionFromBeingReused() throws Exception {
    server =
        new ScriptedServer(
            ServerSocketFactory.getDefault(),
            call -> ok("{}") + (call == 1 ? "HTTP/1.1 408 Request Timeout\r\n\r\n" : ""));
    client = plainClient();

    post(server.uri(), new byte[0], 0);
    KeepAliveHttpClient.Response second = post(server.uri(), new byte[0], 0);

    assertEquals(200, second.status());
    assertEquals(2, server.connections.get(), "the first connection was out of step");
  }

  @Test
  void aKeptAliveConnectionThatFailsWhileSendingIsSentAgainOnANewOne() throws Exception {
    keepAliveConnectionTheServerThenCloses();
    byte[] large = new byte[8 * 1024 * 1024]; // more than the socket buffers take before a reset

    KeepAliveHttpClient.Response second = post(server.uri(), large, large.length);

    assertEquals(200, second.status());
    assertEquals(2, server.connections.get());
  }

  @Test
  void aRequestThatCannotBeSentFailsItsCallAndNotTheClient() throws Exception {
    server = new ScriptedServer(ServerSocketFactory.getDefault(), call -> ok("{}"));
    client = plainClient();

    Throwable failure = failureOf(URI.create("http://127.0.0.1:70000"), TIMEOUT);

    assertInstanceOf(IllegalArgumentException.class, failure); // the port is out of range
    assertEquals(200, post(server.uri(), new byte[0], 0).status(), "the client still works");
  }

  @Test
  void aConnectionRefusedIsAnIoFailure() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    client = plainClient();

    assertInstanceOf(IOException.class, failureOf(URI.create("http://127.0.0.1:" + port), TIMEOUT));
  }

  @Test
  void httpsVerifiesTheServersNameAgainstItsCertificate(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("localhost.p12");
    LocalhostCertificate.create(store, "changeit");
    SSLContext tls = LocalhostCertificate.context(store, "changeit");
    String longAnswer =
        "{\"m\":\"" + "y".repeat(40_000) + "\"}"; // as a RejectedRecords answer can be
    server =
        new ScriptedServer(
            tls.getServerSocketFactory(), call -> ok(call == 3 ? longAnswer : "{\"tls\":true}"));
    client = new KeepAliveHttpClient(Duration.ofSeconds(5), tls);

    KeepAliveHttpClient.Response r =
        post(URI.create("https://localhost:" + server.port()), new byte[0], 0);
    assertEquals("{\"tls\":true}", new String(r.body(), StandardCharsets.UTF_8));
    byte[] large = new byte[300_000]; // many TLS records, more than a socket buffer takes at once
    java.util.Arrays.fill(large, (byte) 'x');
    post(URI.create("https://localhost:" + server.port()), large, large.length);
    assertTrue(server.requests.get(1).endsWith("\r\n\r\n" + "x".repeat(large.length)));
    assertEquals(1, server.connections.get(), "the second call on the kept-alive TLS connection");
    KeepAliveHttpClient.Response third =
        post(URI.create("https://localhost:" + server.port()), new byte[0], 0);
    assertEquals(
        longAnswer, new String(third.body(), StandardCharsets.UTF_8), "an answer of many records");

    // The certificate names localhost only: the same server reached by its address is refused.
    assertInstanceOf(
        SSLHandshakeException.class,
        failureOf(URI.create("https://127.0.0.1:" + server.port()), TIMEOUT));
  }

  /**
   * One call answered on a connection the server then closes without saying so (an idle timeout):
   * the client keeps it, and the next call finds it closed.
   */
  private void keepAliveConnectionTheServerThenCloses() throws Exception {
    server =
        new ScriptedServer(
            ServerSocketFactory.getDefault(), call -> ok("{}") + ScriptedServer.CLOSE);
    client = plainClient();
    post(server.uri(), new byte[] {'1'}, 1);
    Thread.sleep(100); // the server's close reaches the idle connection
  }

  private KeepAliveHttpClient plainClient() throws Exception {
    return new KeepAliveHttpClient(Duration.ofSeconds(5), SSLContext.getDefault());
  }

  private KeepAliveHttpClient.Response post(URI uri, byte[] body, int length) throws Exception {
    return client
        .post(
            () -> new KeepAliveHttpClient.Request(uri, "/", headers(length), body, length), TIMEOUT)
        .get(30, TimeUnit.SECONDS);
  }

  /** Why a call with an empty body failed. */
  private Throwable failureOf(URI uri, Duration timeout) {
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                client
                    .post(
                        () -> new KeepAliveHttpClient.Request(uri, "/", HEADERS, new byte[0], 0),
                        timeout)
                    .get(30, TimeUnit.SECONDS));
    return e.getCause();
  }

  private static Map<String, List<String>> headers(int length) {
    return Map.of(
        "Content-Type",
        List.of("application/x-amz-json-1.0"),
        "Content-Length",
        List.of(Integer.toString(length)));
  }

  private static String ok(String body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  /** Answers each request with what the script returns for its number (1, 2, ...). */
  private static final class ScriptedServer implements AutoCloseable {
    static final String CLOSE = "\u0000close";
    static final String SILENCE = "\u0000silence";

    interface Script {
      String answer(int call);
    }

    final AtomicInteger connections = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    ScriptedServer(ServerSocketFactory factory, Script script) throws IOException {
      socket = factory.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try {
                    Socket s = socket.accept();
                    accepted.add(s);
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> serve(s, script), "scripted-server-connection");
                    t.setDaemon(true);
                    t.start();
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "scripted-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + port());
    }

    private void serve(Socket s, Script script) {
      try (s) {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        while (true) {
          String request = readRequest(in);
          if (request == null) {
            return;
          }
          requests.add(request);
          String answer = script.answer(calls.incrementAndGet());
          if (answer.equals(SILENCE)) {
            in.readAllBytes(); // until the client gives up and closes
            return;
          }
          boolean close = answer.endsWith(CLOSE);
          String bytes = close ? answer.substring(0, answer.length() - CLOSE.length()) : answer;
          out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          if (close) {
            return;
          }
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    private static String readRequest(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        head.write(b);
        matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      int length = 0;
      for (String line : text.split("\r\n")) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring("content-length:".length()).trim());
        }
      }
      return text + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
