package dev.stargzdownloader.stargz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.layer.ExtractionListener;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.InMemoryBlobSource;
import dev.stargzdownloader.toc.FileExtractor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files large enough for the whole-file digest to be computed while the pieces are written: the
 * check must catch a wrong file digest, stop when a piece fails, and report progress that adds up.
 */
class FollowingDigestCheckTest {
  private static final int SIZE = 9 * 1024 * 1024;

  @TempDir Path temp;

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static EstargzBuilder.Built layer(byte[] content, String fileDigest) {
    EstargzBuilder builder =
        new EstargzBuilder().chunkSize(64 * 1024).file("big.bin", content, 0644);
    if (fileDigest != null) {
      builder.tocEditor(
          toc -> {
            for (var entry : toc.withArray("entries")) {
              if (entry.path("name").asText().equals("big.bin")
                  && entry.path("type").asText().equals("reg")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) entry).put("digest", fileDigest);
              }
            }
          });
    }
    return builder.build();
  }

  private void extract(
      InMemoryBlobSource source, int threads, Path out, ExtractionListener listener)
      throws IOException {
    StargzLayer layer = new StargzReader().open(source, Optional.empty());
    FileLocation location = layer.locate("big.bin");
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try (FileChannel channel =
        FileChannel.open(
            out,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      new FileExtractor(source, GzipChunkCodec.INSTANCE, executor, threads, threads)
          .extract(location, channel, listener);
    } finally {
      executor.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0} decode threads")
  @ValueSource(ints = {1, 2})
  void largeFile_isWrittenAndVerified_andProgressAddsUpToItsSize(int threads) throws IOException {
    byte[] content = random(SIZE, 3);
    InMemoryBlobSource source = new InMemoryBlobSource("big", layer(content, null).blob());
    AtomicLong written = new AtomicLong();
    Path out = temp.resolve("out");
    extract(
        source,
        threads,
        out,
        new ExtractionListener() {
          @Override
          public void bytesWritten(long count) {
            written.addAndGet(count);
          }
        });
    assertArrayEquals(content, Files.readAllBytes(out));
    assertEquals(SIZE, written.get());
  }

  @ParameterizedTest(name = "{0} decode threads")
  @ValueSource(ints = {1, 2})
  void largeFileWithAWrongFileDigest_isRefused(int threads) {
    byte[] content = random(SIZE, 4);
    String wrong = Digest.sha256Of(new byte[] {1}).toString();
    InMemoryBlobSource source = new InMemoryBlobSource("big", layer(content, wrong).blob());
    DigestMismatchException e =
        assertThrows(
            DigestMismatchException.class,
            () -> extract(source, threads, temp.resolve("out"), ExtractionListener.NONE));
    assertTrue(e.getMessage().contains("big.bin"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} decode threads")
  @ValueSource(ints = {1, 2})
  void corruptedPieceInTheMiddle_failsTheFile_withoutWaitingForTheDigestCheck(int threads) {
    byte[] content = random(SIZE, 5);
    EstargzBuilder.Built built = layer(content, null);
    byte[] blob = built.blob().clone();
    // Random data barely compresses: the middle of the blob is the middle of the file's data.
    int middle = blob.length / 2;
    for (int i = 0; i < 64; i++) {
      blob[middle + i] ^= (byte) 0x5a;
    }
    InMemoryBlobSource source = new InMemoryBlobSource("big", blob);
    assertThrows(
        IOException.class,
        () -> extract(source, threads, temp.resolve("out"), ExtractionListener.NONE));
  }
}
