package dev.stargzdownloader.layer;

/**
 * The end of a blob as read by {@link BlobSource#readTail}: {@code bytes} hold the blob's bytes
 * {@code [offset, blobSize)}.
 */
public record BlobTail(long blobSize, long offset, byte[] bytes) {
  public BlobTail {
    if (blobSize < 0 || offset < 0 || offset + bytes.length != blobSize) {
      throw new IllegalArgumentException(
          "inconsistent tail: offset " + offset + " + " + bytes.length + " != size " + blobSize);
    }
  }
}
