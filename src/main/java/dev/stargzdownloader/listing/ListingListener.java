package dev.stargzdownloader.listing;

/** Hears what a listing reads; called on the thread that called {@link ImageListing#list}. */
public interface ListingListener {
  /** The manifest was resolved to this many layers, of which {@code reading} are read. */
  default void layersFound(int total, int reading) {}

  /** A layer was read, in manifest order. */
  default void layerRead(LayerRead read) {}

  /** Something the user should know that does not stop the listing (an unverified TOC). */
  default void warning(String message) {}
}
