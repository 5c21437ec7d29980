package dev.stargzdownloader.cli;

import dev.stargzdownloader.output.RunFootprint;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops the run on SIGINT and SIGTERM: removes what it created so far, says so in one line, and
 * ends the process with the signal's conventional exit code (128 + its number). A shutdown hook
 * alone could not do this: it does not learn which signal arrived, and it runs after {@code
 * System.exit} from any thread, too late to keep a failing worker from printing an error first.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is reached by reflection: named in source it
 * draws a compiler warning that cannot be suppressed.
 *
 * <p>The process ends with {@code Runtime.halt}: the run's threads are daemons or already stopped,
 * and halting drops the open connections at once instead of waiting for requests in flight.
 */
final class StopSignals {
  private static final AtomicBoolean STOPPING = new AtomicBoolean();

  private StopSignals() {}

  /** Installs the handlers; messages go to {@code err}. */
  static void install(RunFootprint footprint, PrintStream err) {
    handle("INT", ExitCode.INTERRUPTED, footprint, err);
    handle("TERM", ExitCode.TERMINATED, footprint, err);
  }

  private static void handle(String name, ExitCode code, RunFootprint footprint, PrintStream err) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance(name);
      Object handler =
          Proxy.newProxyInstance(
              StopSignals.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                  stop(code, footprint, err);
                  return null;
                }
                return handlerMethod(proxy, method, args);
              });
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      handle.invoke(null, signal, handler);
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      // No such API here, or the JVM reserves the signal (-Xrs): the default action stays.
    }
  }

  /** Object's methods on the proxy, which the JVM may call on a handler it keeps. */
  private static Object handlerMethod(Object proxy, Method method, Object[] args)
      throws InvocationTargetException {
    return switch (method.getName()) {
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      case "toString" -> "stop handler";
      default ->
          throw new InvocationTargetException(new UnsupportedOperationException(method.getName()));
    };
  }

  private static void stop(ExitCode code, RunFootprint footprint, PrintStream err) {
    if (!STOPPING.compareAndSet(false, true)) {
      return;
    }
    boolean resultInPlace = footprint.stop();
    if (onTerminal()) {
      err.print("\r\033[K"); // Over the progress line, which would otherwise run into this one.
    }
    err.println(line(footprint.activity(), resultInPlace));
    err.flush();
    Runtime.getRuntime().halt(code.code());
  }

  @SuppressWarnings("SystemConsoleNull")
  private static boolean onTerminal() {
    return System.console() != null && System.getenv("TERM") != null;
  }

  /** The one line a stopped run prints. */
  static String line(String activity, boolean resultInPlace) {
    return "interrupted: "
        + activity
        + (resultInPlace
            ? ", the result had already been moved into place"
            : ", nothing was written");
  }
}
