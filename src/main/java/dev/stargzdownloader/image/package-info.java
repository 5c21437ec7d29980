/**
 * What images are made of, with no I/O: references as users type them, manifests, indexes,
 * descriptors, platforms and media types.
 */
package dev.stargzdownloader.image;
