package dev.stargzdownloader.cli;

import dev.stargzdownloader.listing.EntryType;
import dev.stargzdownloader.listing.FileTree;
import dev.stargzdownloader.listing.LayerRead;
import dev.stargzdownloader.listing.ListedEntry;
import dev.stargzdownloader.listing.ListingListener;
import dev.stargzdownloader.registry.TransferStats;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a listing: the tree on stdout, one path a line like {@code tar -t} (or with {@code --long}
 * like {@code tar -tv}), and what reading it cost on stderr, so that stdout can be piped.
 *
 * <p>A long line is {@code TYPE+MODE SIZE LAYER PATH[ -> TARGET | link to PATH]}: the type letter
 * ({@code -} file, {@code h} hard link, {@code l} symbolic link, {@code d} directory, {@code ?}
 * device or FIFO) and the permission bits as {@code ls -l} shows them, the size right-aligned to
 * the widest in the listing, the providing layer's digest shortened to 12 hex digits, then the
 * path; columns are separated by two spaces.
 */
final class ListingPrinter implements ListingListener {
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean verbose;
  private int lazyLayers;
  private int streamedLayers;
  private int indexedLayers;

  ListingPrinter(PrintWriter out, PrintWriter err, boolean verbose) {
    this.out = out;
    this.err = err;
    this.verbose = verbose;
  }

  @Override
  public void layersFound(int total, int reading) {
    if (verbose) {
      err.println("Listing " + reading + " of " + total + " layers");
      err.flush();
    }
  }

  @Override
  public void layerRead(LayerRead read) {
    String layer = "layer " + read.number() + " (" + read.digest() + ")";
    if (read.indexed()) {
      indexedLayers++;
      if (verbose) {
        err.println(
            layer
                + " is "
                + read.kind().label()
                + ": read its index from the local cache ("
                + read.entries()
                + " entries)");
      }
    } else if (read.lazy()) {
      lazyLayers++;
      if (verbose) {
        err.println(
            layer
                + " is "
                + read.kind().label()
                + ": read its TOC ("
                + bytes(read.tocBytes())
                + ", "
                + read.entries()
                + " entries)");
      }
    } else {
      streamedLayers++;
      err.println(
          "note: "
              + layer
              + " is "
              + read.kind().label()
              + ", not lazily readable: streamed "
              + bytes(read.bytesStreamed())
              + " to list it");
    }
    err.flush();
  }

  @Override
  public void warning(String message) {
    err.println("warning: " + message);
    err.flush();
  }

  /** Prints the tree on stdout. */
  void print(FileTree tree, boolean longListing) {
    for (String line : lines(tree, longListing)) {
      out.println(line);
    }
    out.flush();
  }

  /** One line on stderr: how much was listed and what it cost. */
  void summary(FileTree tree, TransferStats stats, long elapsedNanos) {
    err.println(
        String.format(
            Locale.ROOT,
            "Listed %d paths from %d layers (%d from the TOC, %s%d streamed): %d bytes in %d"
                + " requests, %.2f s",
            tree.entries().size(),
            lazyLayers + indexedLayers + streamedLayers,
            lazyLayers,
            indexedLayers > 0 ? indexedLayers + " from an index in the local cache, " : "",
            streamedLayers,
            stats.bodyBytesReceived(),
            stats.totalRequests(),
            elapsedNanos / 1e9));
    err.flush();
  }

  /** The listing's lines, short or long. */
  static List<String> lines(FileTree tree, boolean longListing) {
    List<String> lines = new ArrayList<>(tree.entries().size());
    if (!longListing) {
      for (ListedEntry entry : tree.entries()) {
        lines.add(entry.displayPath());
      }
      return lines;
    }
    int width = 1;
    for (ListedEntry entry : tree.entries()) {
      width = Math.max(width, Long.toString(entry.size()).length());
    }
    for (ListedEntry entry : tree.entries()) {
      lines.add(longLine(entry, width));
    }
    return lines;
  }

  static String longLine(ListedEntry entry, int sizeWidth) {
    StringBuilder line = new StringBuilder();
    line.append(entry.type().letter()).append(permissions(entry.mode()));
    line.append("  ");
    String size = Long.toString(entry.size());
    line.append(" ".repeat(Math.max(0, sizeWidth - size.length()))).append(size);
    line.append("  ").append(entry.layer().shortForm());
    line.append("  ").append(entry.displayPath());
    if (entry.type() == EntryType.SYMLINK) {
      line.append(" -> ").append(entry.link());
    } else if (entry.type() == EntryType.HARDLINK) {
      line.append(" link to ").append(entry.link());
    }
    return line.toString();
  }

  /** The nine permission characters of {@code ls -l}, set-id and sticky bits included. */
  static String permissions(int mode) {
    char[] p = new char[9];
    String letters = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      p[i] = (mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-';
    }
    p[2] = special(p[2], (mode & 04000) != 0, 's');
    p[5] = special(p[5], (mode & 02000) != 0, 's');
    p[8] = special(p[8], (mode & 01000) != 0, 't');
    return new String(p);
  }

  private static char special(char execute, boolean set, char letter) {
    if (!set) {
      return execute;
    }
    return execute == 'x' ? letter : Character.toUpperCase(letter);
  }

  /** A byte count for people: {@code 512 bytes}, {@code 12.3 KiB}, {@code 4.0 MiB}. */
  static String bytes(long count) {
    if (count < 1024) {
      return count + " bytes";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = count;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
