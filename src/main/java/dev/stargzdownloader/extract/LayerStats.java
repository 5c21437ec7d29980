package dev.stargzdownloader.extract;

/**
 * What applying one layer did.
 *
 * @param files regular files written
 * @param directories directories created or merged into
 * @param symlinks symbolic links created
 * @param hardlinks hard links created
 * @param specialFiles device nodes and FIFOs created (privileged extractions only)
 * @param whiteouts whiteout and opaque markers applied (they never appear in the output)
 * @param skippedSpecial device nodes, FIFOs and unknown entry types not created, because the
 *     extraction is unprivileged or the system refused them
 * @param bytes bytes of regular file content written
 */
public record LayerStats(
    long files,
    long directories,
    long symlinks,
    long hardlinks,
    long specialFiles,
    long whiteouts,
    long skippedSpecial,
    long bytes) {

  /** Nothing applied yet. */
  public static final LayerStats ZERO = new LayerStats(0, 0, 0, 0, 0, 0, 0, 0);

  /** The sum of two layers' work. */
  public LayerStats plus(LayerStats other) {
    return new LayerStats(
        files + other.files,
        directories + other.directories,
        symlinks + other.symlinks,
        hardlinks + other.hardlinks,
        specialFiles + other.specialFiles,
        whiteouts + other.whiteouts,
        skippedSpecial + other.skippedSpecial,
        bytes + other.bytes);
  }
}
