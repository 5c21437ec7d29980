/**
 * The list of lazily readable layer formats and the one way to open a layer with them ({@link
 * dev.stargzdownloader.formats.LazyLayers}). The only package that names the format packages, so
 * the code that downloads speaks of {@link dev.stargzdownloader.layer.LazyLayer} alone.
 */
package dev.stargzdownloader.formats;
