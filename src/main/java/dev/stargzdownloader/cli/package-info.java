/**
 * The command line: picocli options, validation, exit codes, error reporting and progress output.
 * The only package that imports picocli.
 */
package dev.stargzdownloader.cli;
