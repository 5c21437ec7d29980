package dev.stargzdownloader.cli;

import dev.stargzdownloader.cache.CacheSize;
import dev.stargzdownloader.cache.ContentCache;
import dev.stargzdownloader.cache.PruneResult;
import java.io.PrintWriter;

/** {@code --cache-prune}: empties the cache, or trims it to {@code --cache-max}, and says so. */
final class CachePrune {
  private CachePrune() {}

  /**
   * Prunes the cache and prints what went and what stayed.
   *
   * @param toLimit trim to the cache's size limit instead of emptying it
   * @return the exit code
   */
  static int run(ContentCache cache, boolean toLimit, PrintWriter out, boolean json) {
    if (!cache.enabled()) {
      out.println("No cache to prune: no XDG_CACHE_HOME and no home directory; see --cache-dir");
      out.flush();
      return ExitCode.OK.code();
    }
    PruneResult result = cache.prune(toLimit ? cache.maxBytes() : 0);
    if (json) {
      JsonReport.write(
          out,
          g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("cachePrune");
            g.writeStringField("directory", cache.directory().toString());
            g.writeNumberField("removedEntries", result.entriesRemoved());
            g.writeNumberField("removedBytes", result.bytesFreed());
            g.writeNumberField("keptEntries", result.entriesKept());
            g.writeNumberField("keptBytes", result.bytesKept());
            g.writeEndObject();
            g.writeEndObject();
          });
      return ExitCode.OK.code();
    }
    out.println(
        "✓ Cache "
            + cache.directory()
            + ": removed "
            + result.entriesRemoved()
            + (result.entriesRemoved() == 1 ? " entry" : " entries")
            + " ("
            + CacheSize.format(result.bytesFreed())
            + "), kept "
            + result.entriesKept()
            + " ("
            + CacheSize.format(result.bytesKept())
            + ")");
    out.flush();
    return ExitCode.OK.code();
  }
}
