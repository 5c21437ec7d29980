package dev.stargzdownloader.extract;

/**
 * Told about every tar header as a layer's tar stream is read, with where the entry sits in the
 * uncompressed stream, so that an index of the layer can be built on the way.
 */
public interface TarEntryObserver {
  /** Observes nothing. */
  TarEntryObserver NONE =
      new TarEntryObserver() {
        @Override
        public void entry(ScannedEntry entry, long dataOffset) {}

        @Override
        public void end() {}
      };

  /**
   * One entry, in stream order, before its content is read.
   *
   * @param dataOffset offset of the entry's content in the tar stream
   */
  void entry(ScannedEntry entry, long dataOffset);

  /** The end-of-archive marker was read: every entry has been seen. */
  void end();
}
