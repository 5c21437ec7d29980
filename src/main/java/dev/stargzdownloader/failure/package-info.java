/**
 * The kinds of failure the command tells apart by exit code, as a leaf every package may use, so
 * that the command classifies a failure without importing the package that raised it.
 */
package dev.stargzdownloader.failure;
