/**
 * Content digests: the {@link dev.stargzdownloader.digest.Digest} value type, streaming hashing,
 * and the exception raised when content does not match what was promised. A leaf package that every
 * other package may use.
 */
package dev.stargzdownloader.digest;
