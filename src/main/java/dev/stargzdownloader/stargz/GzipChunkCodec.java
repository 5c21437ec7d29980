package dev.stargzdownloader.stargz;

import dev.stargzdownloader.toc.ChunkCodec;
import java.io.IOException;
import java.io.InputStream;

/** eStargz and legacy stargz compress every chunk as gzip members of their own. */
final class GzipChunkCodec implements ChunkCodec {
  static final GzipChunkCodec INSTANCE = new GzipChunkCodec();

  private GzipChunkCodec() {}

  @Override
  public InputStream decode(InputStream compressed, String where) throws IOException {
    return new GzipMemberInputStream(compressed, true, where);
  }
}
