package dev.stargzdownloader.wholeimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BytePipeTest {
  private static byte[] bytes(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return data;
  }

  @Test
  void bytesCrossThreads_inOrder_throughFewerChunksThanTheyFill() throws Exception {
    byte[] data = bytes(BytePipe.CHUNK_SIZE * BytePipe.CHUNKS * 5 + 12345);
    BytePipe pipe = new BytePipe();
    CompletableFuture<Void> producer =
        CompletableFuture.runAsync(
            () -> {
              try {
                pipe.fillFrom(new ByteArrayInputStream(data));
                pipe.finish();
              } catch (IOException e) {
                pipe.fail(e);
              }
            });

    byte[] read = pipe.reader().readAllBytes();

    producer.get(10, TimeUnit.SECONDS);
    assertArrayEquals(data, read);
  }

  @Test
  void producerFailure_reachesTheReaderAsTheSameException_afterTheBytesBeforeIt() throws Exception {
    byte[] data = bytes(1000);
    IOException failure = new IOException("connection lost");
    BytePipe pipe = new BytePipe();
    pipe.fillFrom(new ByteArrayInputStream(data));
    pipe.fail(failure);
    InputStream reader = pipe.reader();

    assertArrayEquals(data, reader.readNBytes(data.length));
    assertSame(failure, assertThrows(IOException.class, reader::read));
    assertSame(failure, assertThrows(IOException.class, reader::read), "and on every read after");
  }

  @Test
  void readerClosing_stopsAProducerThatWaitsForRoom() throws Exception {
    BytePipe pipe = new BytePipe();
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 0;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            return len;
          }
        };
    CompletableFuture<Throwable> producer =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                pipe.fillFrom(endless);
                return null;
              } catch (IOException e) {
                return e;
              }
            });
    InputStream reader = pipe.reader();
    reader.readNBytes(10);

    reader.close();

    assertInstanceOf(BytePipe.ClosedException.class, producer.get(10, TimeUnit.SECONDS));
  }
}
