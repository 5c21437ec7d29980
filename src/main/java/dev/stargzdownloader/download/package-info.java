/**
 * Orchestration: single-file and full-image downloads. The only package that knows both the image
 * and registry side and the layer side; it also owns writing output atomically.
 */
package dev.stargzdownloader.download;
