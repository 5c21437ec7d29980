package dev.stargzdownloader.zstdchunked;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.stargzdownloader.json.JsonLimits;
import java.io.IOException;
import java.util.Set;

/**
 * Which of the two producers' TOC JSON a zstd:chunked layer carries. Both use the same media type,
 * annotation keys and footer, so only the JSON tells them apart: containers/storage writes keys
 * that the eStargz TOC of stargz-snapshotter never has, and the two differ in how a file's byte
 * range ends (an {@code endOffset} against the next entry's offset).
 */
public enum TocFlavour {
  /** podman, buildah, skopeo: files end at their {@code endOffset}. */
  CONTAINERS_STORAGE("zstd:chunked (containers/storage)"),
  /** stargz-snapshotter's {@code zstdchunked}: the eStargz TOC, chunks end at the next offset. */
  STARGZ_SNAPSHOTTER("zstd:chunked (stargz-snapshotter)");

  /** Keys that only containers/storage writes, at any depth. */
  private static final Set<String> CONTAINERS_STORAGE_KEYS =
      Set.of("endOffset", "tarSplitDigest", "chunkType");

  private final String displayName;

  TocFlavour(String displayName) {
    this.displayName = displayName;
  }

  /** How the flavour is named to users. */
  public String displayName() {
    return displayName;
  }

  /**
   * The flavour of {@code json}: containers/storage when any object in it has an {@code endOffset},
   * {@code tarSplitDigest} or {@code chunkType} key, stargz-snapshotter otherwise. The whole
   * document is scanned (field names only, within {@link JsonLimits}), so malformed JSON is refused
   * here whatever its flavour.
   *
   * @throws ZstdChunkedFormatException when {@code json} is not one well-formed JSON object
   */
  public static TocFlavour of(byte[] json, String layer) throws ZstdChunkedFormatException {
    boolean containersStorage = false;
    try (JsonParser p = JsonLimits.factory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new ZstdChunkedFormatException("layer " + layer + ": the TOC is not a JSON object");
      }
      int depth = 1;
      while (depth > 0) {
        JsonToken t = p.nextToken();
        if (t == null) {
          throw new ZstdChunkedFormatException("layer " + layer + ": the TOC JSON ends early");
        }
        switch (t) {
          case START_OBJECT, START_ARRAY -> depth++;
          case END_OBJECT, END_ARRAY -> depth--;
          case FIELD_NAME -> containersStorage |= CONTAINERS_STORAGE_KEYS.contains(p.currentName());
          default -> {}
        }
      }
      if (p.nextToken() != null) {
        throw new ZstdChunkedFormatException(
            "layer " + layer + ": the TOC JSON has more after its object");
      }
    } catch (StreamConstraintsException e) {
      throw new ZstdChunkedFormatException(
          "layer " + layer + ": the TOC JSON exceeds a limit: " + e.getOriginalMessage(), e);
    } catch (ZstdChunkedFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new ZstdChunkedFormatException(
          "layer " + layer + ": the TOC is not valid JSON: " + e.getMessage(), e);
    }
    return containersStorage ? CONTAINERS_STORAGE : STARGZ_SNAPSHOTTER;
  }
}
