package dev.stargzdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The minimum rate of a blob range body: judged on the time the reader waited, not its pauses. */
class IdleTimeoutBodyRateTest {
  private static final Duration IDLE = Duration.ofMillis(200);

  private static IdleTimeoutBody body(long minRate) {
    IdleTimeoutBody body = new IdleTimeoutBody(IDLE, null, minRate);
    body.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {}

          @Override
          public void cancel() {}
        });
    return body;
  }

  private static List<ByteBuffer> bytes(int n) {
    return List.of(ByteBuffer.wrap(new byte[n]));
  }

  @Test
  void readerPausingLongerThanTheWindow_isNotASlowServer() throws Exception {
    IdleTimeoutBody body = body(1024);
    body.onNext(bytes(100));
    byte[] buffer = new byte[1000];
    assertEquals(100, body.read(buffer, 0, buffer.length));
    // The reader is busy elsewhere; the server has sent the next piece long before it asks.
    body.onNext(bytes(100));
    Thread.sleep(3 * IDLE.toMillis());
    assertEquals(100, body.read(buffer, 0, buffer.length));
    body.onNext(bytes(100));
    body.onComplete();
    assertEquals(100, body.read(buffer, 0, buffer.length));
    assertEquals(-1, body.read(buffer, 0, buffer.length));
  }

  @Test
  void serverDribbling_failsOnceTheReaderHasWaitedAWindow() throws Exception {
    IdleTimeoutBody body = body(1024);
    Thread dribbler =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < 40; i++) {
                  Thread.sleep(25);
                  body.onNext(bytes(1));
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    dribbler.setDaemon(true);
    dribbler.start();
    byte[] buffer = new byte[1000];
    HttpTimeoutException e =
        assertThrows(
            HttpTimeoutException.class,
            () -> {
              while (body.read(buffer, 0, buffer.length) >= 0) {
                // keep reading one byte at a time as it comes
              }
            });
    assertTrue(e.getMessage().contains("slower than the minimum of 1024 bytes/s"), e.getMessage());
    dribbler.interrupt();
  }

  @Test
  void noMinimum_readsADribbleToItsEnd() throws IOException {
    IdleTimeoutBody body = body(0);
    for (int i = 0; i < 5; i++) {
      body.onNext(bytes(1));
    }
    body.onComplete();
    assertEquals(5, body.readAllBytes().length);
  }
}
