package dev.stargzdownloader.layer;

import java.util.Set;

/**
 * The names OCI layers use to delete what lower layers hold, written once for every reader: the
 * lookup in a TOC or a streamed tar ({@link PathLookup}) and the application of a layer to a
 * directory. {@code .wh.NAME} hides NAME of lower layers; {@code .wh..wh..opq} hides everything
 * lower layers put in its directory.
 */
public final class WhiteoutNames {
  /** Starts the name of a whiteout entry, {@code .wh.NAME}. */
  public static final String PREFIX = ".wh.";

  /** The entry that makes its directory opaque. */
  public static final String OPAQUE = ".wh..wh..opq";

  /** AUFS bookkeeping such as {@code .wh..wh.plnk}: neither content nor an instruction. */
  public static final String META_PREFIX = ".wh..wh.";

  /** Files eStargz adds at the layer root for its own use; not part of the image. */
  public static final Set<String> ESTARGZ_ARTEFACTS =
      Set.of("stargz.index.json", ".prefetch.landmark", ".no.prefetch.landmark");

  private WhiteoutNames() {}

  /** The whiteout entry that deletes the normalised {@code name}. */
  public static String whiteoutOf(String name) {
    String parent = PathNames.parent(name);
    String whiteout = PREFIX + PathNames.baseName(name);
    return parent.isEmpty() ? whiteout : parent + "/" + whiteout;
  }
}
