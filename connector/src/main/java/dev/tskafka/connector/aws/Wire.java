package dev.tskafka.connector.aws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The bytes of one non-blocking connection, as the HTTP client sees them: plain, or through TLS
 * ({@link TlsWire}). Neither call blocks; each moves what the socket takes or has now.
 */
interface Wire {
  /**
   * Sends what the socket takes of {@code src} (after the TLS handshake, which this drives).
   * Returns whether all of it, and anything held back, is on the socket; if not, call again when
   * the socket is readable ({@link #awaitsRead}: a handshake waiting for the server) or writable.
   */
  boolean send(ByteBuffer[] src) throws IOException;

  /** Whether an unfinished {@link #send} waits for the server's bytes, not for room to write. */
  boolean awaitsRead();

  /**
   * Appends to {@code into} what has arrived (at least one byte of room in it): the number of bytes
   * added, 0 if none yet, or -1 once the server has closed the connection and nothing is left.
   */
  int receive(ByteBuffer into) throws IOException;

  /** Whether bytes are held back until the socket is writable. */
  boolean wantsWrite();

  /**
   * Whether the server ended the stream in a way the socket will not report again (a TLS
   * close_notify on a connection still open): the next {@link #receive} returns -1.
   */
  boolean ended();

  /** Whether any of {@code buffers} has bytes left. */
  static boolean remaining(ByteBuffer[] buffers) {
    for (ByteBuffer b : buffers) {
      if (b.hasRemaining()) {
        return true;
      }
    }
    return false;
  }

  /** Plain TCP: the bytes as they are. */
  static Wire plain(SocketChannel channel) {
    return new Wire() {
      @Override
      public boolean send(ByteBuffer[] src) throws IOException {
        channel.write(src);
        return !remaining(src);
      }

      @Override
      public boolean awaitsRead() {
        return false;
      }

      @Override
      public int receive(ByteBuffer into) throws IOException {
        // One read per readiness: a short read means the socket is empty, and a read that finds
        // nothing would be a system call spent per answer. The selector reports what is left.
        return channel.read(into);
      }

      @Override
      public boolean wantsWrite() {
        return false;
      }

      @Override
      public boolean ended() {
        return false; // an end of stream leaves the socket readable: the next receive sees it
      }
    };
  }
}
