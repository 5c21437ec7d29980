package dev.stargzdownloader.layer;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a layer as every format describes it.
 *
 * @param name normalised name ({@link PathNames#normalize}): no leading slash, the root is empty
 * @param kind what the entry is
 * @param size content size of a regular file; 0 otherwise
 * @param mode permission and special bits ({@code & 07777})
 * @param modTime modification time, when the layer gives one
 * @param linkTarget a symbolic link's target verbatim, or a hard link's target normalised; empty
 *     for other kinds
 */
public record LayerEntry(
    String name,
    PathStatus.EntryKind kind,
    long size,
    int mode,
    Optional<Instant> modTime,
    String linkTarget) {}
