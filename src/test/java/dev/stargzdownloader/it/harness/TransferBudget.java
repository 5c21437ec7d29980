package dev.stargzdownloader.it.harness;

import dev.stargzdownloader.layer.ByteSpan;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.stargz.StargzLayer;
import dev.stargzdownloader.stargz.StargzReader;
import dev.stargzdownloader.testsupport.InMemoryBlobSource;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What downloading one file of a layer should cost, computed from the layer's bytes in memory (not
 * from anything the command reports): one tail read of {@link #tailWindow} bytes, a second read for
 * the TOC prefix when the TOC starts before the tail, and the file's chunk spans unless the tail
 * already holds them.
 *
 * @param blobSize size of the layer blob
 * @param tocOffset where the TOC member starts
 * @param tailWindow bytes the first read asks for
 * @param spans the file's merged compressed ranges
 * @param compressedBytes total bytes of {@code spans}
 */
public record TransferBudget(
    long blobSize, long tocOffset, int tailWindow, List<ByteSpan> spans, long compressedBytes) {

  public TransferBudget {
    spans = List.copyOf(spans);
  }

  public static TransferBudget of(byte[] blob, String file) throws IOException {
    StargzReader reader = new StargzReader();
    StargzLayer layer =
        reader.open(new InMemoryBlobSource("expected layout", blob), Optional.empty());
    FileLocation location = layer.locate(file);
    return new TransferBudget(
        layer.blobSize(),
        layer.tocOffset(),
        reader.tailWindow(),
        location.spans(),
        location.compressedBytes());
  }

  /** Where the tail read starts. */
  public long tailStart() {
    return Math.max(0, blobSize - tailWindow);
  }

  /** Bytes the tail read returns. */
  public long tailBytes() {
    return blobSize - tailStart();
  }

  /** Whether the TOC starts before the tail, so that its prefix needs a second read. */
  public boolean needsTocPrefix() {
    return tocOffset < tailStart();
  }

  /** The spans that must be fetched: those not wholly inside the tail already read. */
  public List<ByteSpan> spansToFetch() {
    return spans.stream().filter(s -> s.start() < tailStart()).toList();
  }

  /** The most blob bytes a download may receive: TOC reads plus chunk spans, plus 1 %. */
  public long maxBlobBytes() {
    long toc = Math.max(tailBytes(), blobSize - tocOffset);
    long chunks = spansToFetch().stream().mapToLong(ByteSpan::length).sum();
    return (long) Math.floor((toc + chunks) * 1.01);
  }
}
