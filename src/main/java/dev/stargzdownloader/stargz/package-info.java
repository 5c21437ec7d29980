/**
 * The eStargz and legacy stargz formats: the gzip footer, the TOC as a tar entry in a gzip member,
 * and chunks as gzip members. The TOC itself is read by {@link dev.stargzdownloader.toc}.
 */
package dev.stargzdownloader.stargz;
