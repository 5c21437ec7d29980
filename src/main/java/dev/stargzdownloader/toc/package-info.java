/**
 * Layers described by a TOC of chunks (the eStargz TOC JSON, which both zstd:chunked flavours use
 * too): parsing and indexing the TOC, resolving paths and links, planning which compressed ranges
 * hold a file, and fetching, decoding and verifying its chunks with a format's codec.
 */
package dev.stargzdownloader.toc;
