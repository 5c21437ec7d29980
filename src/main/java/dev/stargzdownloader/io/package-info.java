/**
 * Small stream building blocks shared by the packages that read bytes: a leaf that every other
 * package may use and that uses none of them.
 */
package dev.stargzdownloader.io;
