package dev.stargzdownloader.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.stargzdownloader.limits.Limits;

/**
 * JSON factories that hold untrusted documents to {@link Limits}: nesting depth and the length of
 * strings, names and numbers. jackson-core's own defaults are far looser (a 20 million character
 * string, 500 levels), and a parser over a hostile body should fail early and say so.
 */
public final class JsonLimits {
  private JsonLimits() {}

  /** A factory for parsers over untrusted input. */
  public static JsonFactory factory() {
    return builder().build();
  }

  /** A factory that leaves the input stream open when the parser is closed. */
  public static JsonFactory factoryKeepingSourceOpen() {
    return builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();
  }

  private static JsonFactoryBuilder builder() {
    return new JsonFactoryBuilder()
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(Limits.MAX_JSON_NESTING)
                .maxStringLength(Limits.MAX_JSON_STRING_CHARS)
                .maxNameLength(Limits.MAX_JSON_NAME_CHARS)
                .maxNumberLength(Limits.MAX_JSON_NUMBER_CHARS)
                .build());
  }
}
