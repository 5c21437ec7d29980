package dev.stargzdownloader.registry;

/**
 * The end of a blob: {@code bytes} are the blob's bytes {@code [offset, blobSize)}.
 *
 * @param blobSize the blob's total size, learned from the response's {@code Content-Range}
 * @param offset where {@code bytes} start within the blob
 * @param bytes the last {@code blobSize - offset} bytes of the blob
 */
public record BlobTailResponse(long blobSize, long offset, byte[] bytes) {
  public BlobTailResponse {
    if (offset < 0 || offset + bytes.length != blobSize) {
      throw new IllegalArgumentException(
          "inconsistent tail: offset " + offset + " + " + bytes.length + " != size " + blobSize);
    }
  }
}
