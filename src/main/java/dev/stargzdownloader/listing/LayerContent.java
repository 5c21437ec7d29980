package dev.stargzdownloader.listing;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.layer.LayerEntry;
import java.util.List;

/**
 * The entries of one layer as they come from its TOC or its tar stream, whiteouts and opaque
 * markers included; a later duplicate of a name replaces an earlier one.
 */
public record LayerContent(Digest digest, List<LayerEntry> entries) {
  public LayerContent {
    entries = List.copyOf(entries);
  }
}
