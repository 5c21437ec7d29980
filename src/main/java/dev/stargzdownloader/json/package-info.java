/**
 * Helpers for reading untrusted JSON with jackson-core's token stream, shared by the parsers of
 * manifests, TOCs and registry answers: a leaf, like {@code digest}.
 */
package dev.stargzdownloader.json;
