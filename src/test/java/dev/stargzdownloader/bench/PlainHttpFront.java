package dev.stargzdownloader.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A TCP front for the recording proxy that hangs up on TLS, as a plain-HTTP registry does. Clients
 * told to skip TLS verification, such as skopeo, try HTTPS first and fall back to HTTP only when
 * that fails; the JDK's HTTP server behind the proxy would wait for the end of a request line that
 * never comes, and the client would give up only after its TLS handshake timeout (10 s). Everything
 * else is passed through byte for byte, so the proxy still records every request.
 */
final class PlainHttpFront implements AutoCloseable {
  private static final int TLS_HANDSHAKE = 0x16;

  private final ServerSocket server;
  private final int targetPort;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "plain-http-front");
            t.setDaemon(true);
            return t;
          });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  private PlainHttpFront(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** Listens on a free 127.0.0.1 port and forwards to {@code 127.0.0.1:targetPort}. */
  static PlainHttpFront start(int targetPort) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    PlainHttpFront front = new PlainHttpFront(server, targetPort);
    front.threads.execute(front::accept);
    return front;
  }

  /** {@code 127.0.0.1:PORT}. */
  String authority() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        open.add(client);
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        // Closed.
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      client.setTcpNoDelay(true);
      InputStream in = client.getInputStream();
      int first = in.read();
      if (first < 0 || first == TLS_HANDSHAKE) {
        return;
      }
      try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
        open.add(upstream);
        upstream.setTcpNoDelay(true);
        upstream.getOutputStream().write(first);
        Future<?> responses = threads.submit(() -> pump(upstream, client));
        pump(client, upstream);
        responses.get();
      } catch (ExecutionException e) {
        // pump catches its own failures.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        open.removeIf(Socket::isClosed);
      }
    } catch (IOException e) {
      // A client or the proxy hung up; nothing to record here.
    } finally {
      open.remove(client);
    }
  }

  /** Copies {@code from}'s input to {@code to}'s output until the end of {@code from}'s input. */
  private static void pump(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // The other direction ends the connection.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
    threads.shutdownNow();
  }
}
