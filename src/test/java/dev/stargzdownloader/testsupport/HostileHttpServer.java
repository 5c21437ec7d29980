package dev.stargzdownloader.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 server on 127.0.0.1 for what WireMock cannot do: headers that never end, bodies that
 * stall or dribble for ever, bodies of gigabytes written as fast as the client takes them. Every
 * connection is answered by the behaviour a router picks from the request head, on a thread of its
 * own, until the behaviour returns or the client hangs up. It counts the body bytes it wrote, so a
 * test can show that the client stopped reading.
 */
public final class HostileHttpServer implements AutoCloseable {
  /** What the server does with one request. */
  @FunctionalInterface
  public interface Behaviour {
    void respond(Request request, OutputStream out, AtomicLong bodyBytes)
        throws IOException, InterruptedException;
  }

  /** A request line and its headers. */
  public record Request(String head) {
    public String path() {
      String line = head.lines().findFirst().orElse("");
      int first = line.indexOf(' ');
      int second = line.indexOf(' ', first + 1);
      return first < 0 || second < 0 ? "" : line.substring(first + 1, second);
    }

    public String header(String name) {
      for (String line : head.lines().toList()) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private final ServerSocket socket;
  private final Function<Request, Behaviour> router;
  private final List<Request> requests = new ArrayList<>();
  private final List<Socket> connections = new ArrayList<>();
  private final List<Thread> handlers = new ArrayList<>();
  private final AtomicLong bodyBytes = new AtomicLong();
  private final Thread acceptor;

  public HostileHttpServer(Function<Request, Behaviour> router) throws IOException {
    this.router = router;
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::accept, "hostile-http-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** {@code 127.0.0.1:port}. */
  public String authority() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  /** Body bytes written so far, over all connections. */
  public long bodyBytesWritten() {
    return bodyBytes.get();
  }

  /** The requests received so far. */
  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  private void accept() {
    while (!socket.isClosed()) {
      Socket connection;
      try {
        connection = socket.accept();
      } catch (IOException e) {
        continue;
      }
      synchronized (connections) {
        connections.add(connection);
      }
      Thread handler = new Thread(() -> handle(connection), "hostile-http-connection");
      handler.setDaemon(true);
      synchronized (connections) {
        handlers.add(handler);
      }
      handler.start();
    }
  }

  private void handle(Socket connection) {
    try (connection) {
      InputStream in = connection.getInputStream();
      OutputStream out = connection.getOutputStream();
      while (true) {
        String head = readHead(in);
        if (head.isEmpty()) {
          return;
        }
        Request request = new Request(head);
        synchronized (requests) {
          requests.add(request);
        }
        router.apply(request).respond(request, out, bodyBytes);
        out.flush();
      }
    } catch (IOException e) {
      // The client hung up: what it did is what the test asserts.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return "";
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** A 200's status line and headers for a body of {@code length} bytes of {@code contentType}. */
  private static void okHeaders(OutputStream out, String contentType, long length)
      throws IOException {
    write(
        out,
        "HTTP/1.1 200 OK\r\nContent-Type: "
            + contentType
            + "\r\nContent-Length: "
            + length
            + "\r\n\r\n");
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Waits until the server is closed, which interrupts every handler. */
  private static void stall() throws InterruptedException {
    Thread.sleep(Long.MAX_VALUE);
  }

  /** A complete answer, kept alive for further requests. */
  public static Behaviour ok(String contentType, byte[] body) {
    return (request, out, bytes) -> {
      write(
          out,
          "HTTP/1.1 200 OK\r\nContent-Type: "
              + contentType
              + "\r\nContent-Length: "
              + body.length
              + "\r\n\r\n");
      out.write(body);
      bytes.addAndGet(body.length);
    };
  }

  /** Any status with extra header lines (each ending in CRLF) and a body. */
  public static Behaviour answer(int status, String headerLines, byte[] body) {
    return (request, out, bytes) -> {
      write(
          out,
          "HTTP/1.1 "
              + status
              + " X\r\n"
              + headerLines
              + "Content-Length: "
              + body.length
              + "\r\n\r\n");
      out.write(body);
      bytes.addAndGet(body.length);
    };
  }

  /** A status line, then silence: the headers never end. */
  public static Behaviour statusLineThenStall() {
    return (request, out, bytes) -> {
      write(out, "HTTP/1.1 200 OK\r\n");
      stall();
    };
  }

  /** A status line, then one more header line every {@code intervalMillis}, for ever. */
  public static Behaviour headersDribbling(long intervalMillis) {
    return (request, out, bytes) -> {
      write(out, "HTTP/1.1 200 OK\r\n");
      for (int i = 0; ; i++) {
        Thread.sleep(intervalMillis);
        write(out, "X-Slow-" + i + ": x\r\n");
      }
    };
  }

  /** Complete headers announcing a body of {@code length} bytes, then silence. */
  public static Behaviour bodyNeverStarts(String contentType, long length) {
    return (request, out, bytes) -> {
      okHeaders(out, contentType, length);
      stall();
    };
  }

  /** Headers announcing {@code length} bytes, then one byte every {@code intervalMillis}. */
  public static Behaviour bodyDribbling(String contentType, long length, long intervalMillis) {
    return (request, out, bytes) -> {
      okHeaders(out, contentType, length);
      for (long i = 0; i < length; i++) {
        out.write(' ');
        out.flush();
        bytes.incrementAndGet();
        Thread.sleep(intervalMillis);
      }
    };
  }

  /** Headers announcing {@code length} bytes, then that many as fast as the client reads. */
  public static Behaviour hugeBody(String contentType, long length, byte filler) {
    return (request, out, bytes) -> {
      okHeaders(out, contentType, length);
      byte[] block = new byte[64 * 1024];
      java.util.Arrays.fill(block, filler);
      for (long sent = 0; sent < length; sent += block.length) {
        int n = (int) Math.min(block.length, length - sent);
        out.write(block, 0, n);
        bytes.addAndGet(n);
      }
    };
  }

  /**
   * A 206 for the range asked of a blob of {@code size} bytes that sends the first {@code sent}
   * bytes of {@code blob} and then falls silent (or, with {@code dribbleMillis} > 0, sends one more
   * byte every so often).
   */
  public static Behaviour rangeStalling(byte[] blob, int sent, long dribbleMillis) {
    return (request, out, bytes) -> {
      long[] range = range(request.header("Range"), blob.length);
      long first = range[0];
      long last = range[1];
      write(
          out,
          String.format(
              Locale.ROOT,
              "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes %d-%d/%d\r\nContent-Length: %d\r\n\r\n",
              first,
              last,
              blob.length,
              last - first + 1));
      int upTo = (int) Math.min(last + 1, first + sent);
      out.write(blob, (int) first, upTo - (int) first);
      out.flush();
      bytes.addAndGet(upTo - first);
      if (dribbleMillis <= 0) {
        stall();
      }
      for (int at = upTo; at <= last; at++) {
        Thread.sleep(dribbleMillis);
        out.write(blob[at]);
        out.flush();
        bytes.incrementAndGet();
      }
      stall();
    };
  }

  /**
   * A 206 whose headers name exactly the range asked for but whose body goes on past it: {@code
   * extra} more bytes of filler, as a broken or hostile server might send.
   */
  public static Behaviour rangeOverflowing(byte[] blob, long extra) {
    return (request, out, bytes) -> {
      long[] range = range(request.header("Range"), blob.length);
      write(
          out,
          String.format(
              Locale.ROOT,
              "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes %d-%d/%d\r\nTransfer-Encoding: chunked\r\n\r\n",
              range[0],
              range[1],
              blob.length));
      byte[] wanted = java.util.Arrays.copyOfRange(blob, (int) range[0], (int) range[1] + 1);
      chunk(out, wanted);
      bytes.addAndGet(wanted.length);
      byte[] block = new byte[64 * 1024];
      for (long sent = 0; sent < extra; sent += block.length) {
        chunk(out, block);
        bytes.addAndGet(block.length);
      }
      write(out, "0\r\n\r\n");
    };
  }

  private static void chunk(OutputStream out, byte[] data) throws IOException {
    write(out, Integer.toHexString(data.length) + "\r\n");
    out.write(data);
    write(out, "\r\n");
  }

  /** {first, last} of a {@code Range} header against a blob of {@code size} bytes. */
  private static long[] range(String header, long size) {
    Matcher m = RANGE.matcher(header == null ? "" : header);
    if (!m.matches()) {
      return new long[] {0, size - 1};
    }
    if (m.group(1).isEmpty()) {
      long suffix = Long.parseLong(m.group(2));
      return new long[] {Math.max(0, size - suffix), size - 1};
    }
    long first = Long.parseLong(m.group(1));
    long last = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
    return new long[] {first, last};
  }

  @Override
  public void close() throws IOException {
    socket.close();
    synchronized (connections) {
      for (Socket connection : connections) {
        try {
          connection.close();
        } catch (IOException e) {
          // Already gone.
        }
      }
      handlers.forEach(Thread::interrupt);
    }
  }
}
