package dev.tskafka.connector.aws;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * TLS over a non-blocking socket with the JDK's {@link SSLEngine}: the handshake (driven by {@link
 * #send}), then records encrypted on the way out and decrypted on the way in. The engine's checks
 * (trust store, host name) are the caller's to configure; delegated tasks (certificate checks) run
 * on the calling thread, once per connection.
 */
final class TlsWire implements Wire {
  private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

  private final SocketChannel channel;
  private final SSLEngine engine;
  private ByteBuffer netOut; // encrypted, not yet on the socket (write mode)
  private ByteBuffer netIn; // encrypted, not yet decrypted (write mode)
  private ByteBuffer appIn; // decrypted, not yet handed over (write mode)

  TlsWire(SocketChannel channel, SSLEngine engine) throws SSLException {
    this.channel = channel;
    this.engine = engine;
    int packet = engine.getSession().getPacketBufferSize();
    this.netOut = ByteBuffer.allocate(packet);
    this.netIn = ByteBuffer.allocate(packet);
    this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    engine.beginHandshake();
  }

  @Override
  public boolean send(ByteBuffer[] src) throws IOException {
    while (true) {
      if (!flush()) {
        return false;
      }
      switch (engine.getHandshakeStatus()) {
        case NEED_TASK -> runTasks();
        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
          if (!handshakeUnwrap()) {
            return false; // the server's next handshake message has not arrived
          }
        }
        case NEED_WRAP -> wrap(NOTHING);
        default -> {
          if (!Wire.remaining(src)) {
            return true;
          }
          wrap(src);
        }
      }
    }
  }

  @Override
  public int receive(ByteBuffer into) throws IOException {
    flush(); // what a key update's answer left behind
    int before = into.position();
    boolean read = false;
    while (true) {
      handOver(into);
      if (!into.hasRemaining()) {
        return into.position() - before;
      }
      SSLEngineResult.Status status = unwrapOnce();
      if (status == SSLEngineResult.Status.CLOSED) {
        int added = into.position() - before;
        return added > 0 ? added : -1;
      }
      if (status == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
        if (read && netIn.hasRemaining()) {
          return into.position() - before; // the last read was short: the socket is empty
        }
        int n = readNet();
        read = true;
        if (n < 0) {
          int added = into.position() - before;
          return added > 0 ? added : -1;
        }
        if (n == 0) {
          return into.position() - before;
        }
      }
      if (engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
        send(NOTHING); // a key update or a renegotiation asks for an answer
      }
    }
  }

  @Override
  public boolean awaitsRead() {
    return netOut.position() == 0
        && switch (engine.getHandshakeStatus()) {
          case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> true;
          default -> false;
        };
  }

  @Override
  public boolean ended() {
    return engine.isInboundDone();
  }

  @Override
  public boolean wantsWrite() {
    return netOut.position() > 0;
  }

  /** Writes the encrypted bytes held back: whether none are left. */
  private boolean flush() throws IOException {
    if (netOut.position() == 0) {
      return true;
    }
    netOut.flip();
    channel.write(netOut);
    boolean done = !netOut.hasRemaining();
    netOut.compact();
    return done;
  }

  private void wrap(ByteBuffer[] src) throws IOException {
    SSLEngineResult result = engine.wrap(src, netOut);
    switch (result.getStatus()) {
      case CLOSED -> throw new EOFException("TLS session closed");
      case BUFFER_OVERFLOW -> netOut = grow(netOut, engine.getSession().getPacketBufferSize());
      default -> {
        // wrapped
      }
    }
  }

  /** One step of the handshake's reading: whether it moved (false: wait until readable). */
  private boolean handshakeUnwrap() throws IOException {
    SSLEngineResult.Status status = unwrapOnce();
    if (status == SSLEngineResult.Status.CLOSED) {
      throw new EOFException("TLS session closed during the handshake");
    }
    if (status != SSLEngineResult.Status.BUFFER_UNDERFLOW) {
      return true;
    }
    int n = readNet();
    if (n < 0) {
      throw new EOFException("connection closed during the TLS handshake");
    }
    return n > 0;
  }

  /** Reads encrypted bytes from the socket into {@code netIn}, made larger if it is full. */
  private int readNet() throws IOException {
    if (!netIn.hasRemaining()) {
      netIn = grow(netIn, engine.getSession().getPacketBufferSize());
    }
    return channel.read(netIn);
  }

  /** Decrypts what {@code netIn} holds into {@code appIn}, making room as the engine asks. */
  private SSLEngineResult.Status unwrapOnce() throws IOException {
    netIn.flip();
    SSLEngineResult result;
    try {
      result = engine.unwrap(netIn, appIn);
    } finally {
      netIn.compact();
    }
    if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
      appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
    }
    if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
      runTasks();
    }
    return result.getStatus();
  }

  /** Moves decrypted bytes to {@code into}, as many as fit. */
  private void handOver(ByteBuffer into) {
    if (appIn.position() == 0) {
      return;
    }
    appIn.flip();
    int n = Math.min(appIn.remaining(), into.remaining());
    ByteBuffer part = appIn.slice();
    part.limit(n);
    into.put(part);
    appIn.position(appIn.position() + n);
    appIn.compact();
  }

  private void runTasks() {
    for (Runnable task = engine.getDelegatedTask();
        task != null;
        task = engine.getDelegatedTask()) {
      task.run();
    }
  }

  /** A buffer (in write mode) with {@code more} bytes more room and the same contents. */
  private static ByteBuffer grow(ByteBuffer buffer, int more) {
    ByteBuffer bigger = ByteBuffer.allocate(buffer.capacity() + more);
    buffer.flip();
    bigger.put(buffer);
    return bigger;
  }
}
