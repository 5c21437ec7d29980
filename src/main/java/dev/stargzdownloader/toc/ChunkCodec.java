package dev.stargzdownloader.toc;

import java.io.IOException;
import java.io.InputStream;

/**
 * How a format compresses a chunk's bytes: a gzip member for eStargz, zstd frames for zstd:chunked.
 * A TOC says where the compressed bytes are; the codec turns them back into file content.
 */
public interface ChunkCodec {
  /**
   * Decodes the compressed bytes of one range that starts a member or frame. The result yields the
   * decompressed bytes; it may stop reading {@code compressed} before its end.
   *
   * @param where names the data for messages, e.g. {@code data at blob offset 512 of usr/bin/x}
   */
  InputStream decode(InputStream compressed, String where) throws IOException;
}
