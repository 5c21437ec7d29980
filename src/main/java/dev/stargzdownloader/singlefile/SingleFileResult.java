package dev.stargzdownloader.singlefile;

import java.nio.file.Path;

/**
 * What a single-file download produced.
 *
 * @param file the written file
 * @param size its size in bytes
 */
public record SingleFileResult(Path file, long size) {}
