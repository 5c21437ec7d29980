/**
 * Random access into plain gzip streams, as AWS SOCI and oci.dag.dev give it: a checkpoint index
 * (zlib's zran) built while a layer streams ({@link dev.stargzdownloader.inflate.GzipIndexer},
 * decoded by a pure-Java inflater that can stop at any deflate block boundary), and reads from any
 * checkpoint with the JDK's native inflater ({@link
 * dev.stargzdownloader.inflate.CheckpointReader}). Uses only the {@code digest} and {@code io}
 * leaves; the index's file format and cache live above it.
 */
package dev.stargzdownloader.inflate;
