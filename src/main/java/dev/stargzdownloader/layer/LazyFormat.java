package dev.stargzdownloader.layer;

import dev.stargzdownloader.image.Descriptor;
import java.io.IOException;
import java.util.Optional;

/**
 * One lazily readable layer format: how to recognise it and how to open it. The formats are listed
 * in one place above the format packages, so the code that downloads never names one.
 */
public interface LazyFormat {
  /**
   * The kind of layer whose blob ends with {@code tail}, if it is this format's; {@code tail} holds
   * at least {@link #footerBytes()} bytes when the blob is that long. No I/O.
   */
  Optional<LayerKind> recognise(byte[] tail);

  /**
   * The kind of layer the descriptor's annotations say it is in this format (a TOC digest or a TOC
   * position), without reading the blob. A layer may be in the format without saying so.
   */
  Optional<LayerKind> announcedBy(Descriptor descriptor);

  /** How many bytes from the end of a blob {@link #recognise} needs at most. */
  int footerBytes();

  /**
   * Opens the layer from what its descriptor says, without reading the blob's tail, when the
   * descriptor tells where the TOC is (an annotation); empty otherwise.
   */
  Optional<LazyLayer> openFromDescriptor(BlobSource source, Descriptor descriptor)
      throws IOException;

  /**
   * Opens the layer from the blob's tail, which {@link #recognise} accepted: reads the rest of the
   * TOC when the tail does not hold all of it, and checks the TOC against the descriptor's
   * annotations when the descriptor is known.
   */
  LazyLayer openFromTail(BlobSource source, BlobTail tail, Optional<Descriptor> descriptor)
      throws IOException;
}
