package dev.stargzdownloader.registry;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stops the JDK HTTP client's selector thread when a client is done with.
 *
 * <p>Why this matters: that thread waits for network events in native code, and when the JVM exits
 * it waits up to 300 ms for every thread still in native code before it ends the process. A command
 * that runs for a few hundred milliseconds would spend half of that waiting. JDK 21 and newer stop
 * the thread with {@code HttpClient.shutdownNow()}; on JDK 17 to 20, which have no such method, the
 * thread ends when interrupted (its loop checks the interrupt flag), and it is found by the name
 * the JDK gives it, {@code HttpClient-ID-SelectorManager}, with the ID the client's {@code
 * toString()} ends with.
 */
final class HttpClientShutdown {
  private static final Pattern CLIENT_ID = Pattern.compile("\\((\\d+)\\)$");
  private static final long JOIN_MILLIS = 500;

  private HttpClientShutdown() {}

  /** Stops {@code client} and waits briefly for its selector thread to end. Never throws. */
  static void stop(HttpClient client) {
    Optional<Thread> selector = selectorThread(client);
    if (!shutdownNow(client)) {
      selector.ifPresent(Thread::interrupt);
    }
    selector.ifPresent(HttpClientShutdown::awaitEnd);
  }

  /** Calls {@code shutdownNow()} where the running JDK has it (21 and newer). */
  private static boolean shutdownNow(HttpClient client) {
    Method method;
    try {
      method = HttpClient.class.getMethod("shutdownNow");
    } catch (NoSuchMethodException e) {
      return false;
    }
    try {
      method.invoke(client);
      return true;
    } catch (IllegalAccessException | InvocationTargetException e) {
      return false;
    }
  }

  private static Optional<Thread> selectorThread(HttpClient client) {
    Matcher id = CLIENT_ID.matcher(client.toString());
    if (!id.find()) {
      return Optional.empty();
    }
    String name = "HttpClient-" + id.group(1) + "-SelectorManager";
    // Enumerating the thread groups, unlike Thread.getAllStackTraces(), walks no stacks.
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int count = root.enumerate(threads, true);
    for (int i = 0; i < count; i++) {
      if (threads[i].getName().equals(name)) {
        return Optional.of(threads[i]);
      }
    }
    return Optional.empty();
  }

  private static void awaitEnd(Thread thread) {
    try {
      thread.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
