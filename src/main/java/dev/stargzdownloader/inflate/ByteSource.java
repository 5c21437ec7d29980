package dev.stargzdownloader.inflate;

import java.io.IOException;

/** Byte-aligned compressed input, as gzip headers and trailers are read from. */
interface ByteSource {
  /** The next byte (0 to 255), or -1 at the end of the input. */
  int read() throws IOException;

  /** The compressed offset of the byte {@link #read} returns next, counted from the layer start. */
  long position();
}
