/**
 * Reading eStargz and legacy stargz layers: the footer, the table of contents (TOC), locating a
 * file's chunks and decoding and verifying them. Reads blobs only through {@link
 * dev.stargzdownloader.stargz.BlobSource}, so it knows nothing about HTTP or registries.
 *
 * <p>Flow: {@link dev.stargzdownloader.stargz.StargzReader#open} → {@link
 * dev.stargzdownloader.stargz.StargzLayer#locate} → {@link
 * dev.stargzdownloader.stargz.FileExtractor#extract}.
 */
package dev.stargzdownloader.stargz;
