/**
 * Applying image layers (tar streams) to a directory, as full-image extraction needs: decompression
 * by media type and magic bytes, safe path joining, OCI whiteouts, links, modes and times.
 *
 * <p>Flow: {@link dev.stargzdownloader.extract.LayerDecompressor#open} turns a layer blob into a
 * tar stream; one {@link dev.stargzdownloader.extract.TreeWriter} per extraction applies the
 * layers' tar streams in order with {@link dev.stargzdownloader.extract.TreeWriter#apply} and then
 * settles directory modes and times with {@link dev.stargzdownloader.extract.TreeWriter#finish}.
 *
 * <p>Layers are untrusted: no entry writes outside the root, nothing is written through a symbolic
 * link, and malformed or hostile input ends the extraction with {@link
 * dev.stargzdownloader.extract.UnsafeEntryException} or {@link
 * dev.stargzdownloader.extract.LayerFormatException}.
 */
package dev.stargzdownloader.extract;
