/**
 * The merged file tree of an image, read from its layers' tables of contents (TOCs) alone: lazy
 * layers cost their TOC, other layers are streamed for their names only. {@link
 * dev.stargzdownloader.listing.OverlayMerge} applies the layers as an overlay mount shows them;
 * {@link dev.stargzdownloader.listing.FileTree} is the result, and {@link
 * dev.stargzdownloader.listing.ImageListing} reads an image into one. A room beside {@code
 * singlefile} and {@code wholeimage}: it shares only what lies below them.
 */
package dev.stargzdownloader.listing;
