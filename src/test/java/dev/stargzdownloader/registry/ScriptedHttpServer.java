package dev.stargzdownloader.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A tiny HTTP/1.1 server on 127.0.0.1 that answers each connection with the next step of a script
 * and then closes it. Unlike WireMock it can cut a body off part-way, as a dropped connection does.
 * Connections beyond the script are hung up at once; the server runs until closed.
 */
final class ScriptedHttpServer implements AutoCloseable {
  /** Writes a raw response. */
  @FunctionalInterface
  interface Step {
    void respond(OutputStream out) throws IOException;
  }

  private final ServerSocket socket;
  private final SortedMap<Integer, String> heads = new TreeMap<>();
  private final Thread thread;

  ScriptedHttpServer(List<Step> script) throws IOException {
    socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    socket.setSoTimeout(5_000);
    thread = new Thread(() -> serve(script), "scripted-http-server");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  /** The request lines and headers received so far, one string per request. */
  List<String> requestHeads() {
    synchronized (heads) {
      return List.copyOf(heads.values());
    }
  }

  /** The value of {@code header} in request number {@code index}, or null. */
  String header(int index, String header) {
    for (String line : requestHeads().get(index).lines().toList()) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(header)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  private void serve(List<Step> script) {
    int next = 0;
    while (!socket.isClosed()) {
      Socket connection;
      try {
        connection = socket.accept();
      } catch (IOException e) {
        if (socket.isClosed()) {
          return;
        }
        continue;
      }
      if (next >= script.size()) {
        closeQuietly(
            connection); // beyond the script: hang up at once, so a stray request fails fast
        continue;
      }
      int index = next++;
      // Each connection on its own thread: a step that stalls must not hold up the next request.
      Thread handler =
          new Thread(() -> handle(connection, index, script.get(index)), "scripted-step-" + index);
      handler.setDaemon(true);
      handler.start();
    }
  }

  private void handle(Socket connection, int index, Step step) {
    try (connection) {
      connection.setSoTimeout(5_000);
      String head = readHead(connection.getInputStream());
      synchronized (heads) {
        heads.put(index, head);
      }
      OutputStream out = connection.getOutputStream();
      step.respond(out);
      out.flush();
      // Let the client take in what was sent before the connection drops: a close right behind
      // the headers can surface as a failed request instead of a failed body.
      Thread.sleep(50);
    } catch (IOException e) {
      // The client went away; the test asserts on what it received.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Socket connection) {
    try {
      connection.close();
    } catch (IOException e) {
      // Nothing to do: the connection is gone either way.
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * A 206 step announcing {@code [first, last]} of a blob of {@code size} bytes with a full
   * Content-Length, but sending only {@code body} before closing.
   */
  static Step partial(long first, long last, long size, byte[] body) {
    return out -> {
      String head =
          "HTTP/1.1 206 Partial Content\r\n"
              + String.format(Locale.ROOT, "Content-Range: bytes %d-%d/%d\r\n", first, last, size)
              + "Content-Length: "
              + (last - first + 1)
              + "\r\nConnection: close\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
    };
  }

  @Override
  public void close() throws IOException {
    socket.close();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
