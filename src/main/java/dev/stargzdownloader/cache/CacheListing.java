package dev.stargzdownloader.cache;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The files of a cache directory as they are at one moment: entries ({@code <kind>/<64 hex>}) and
 * temporary files ({@code <kind>/.tmp-*}), with their sizes and last-modified times. Anything else
 * (a README, a symbolic link, a directory of another name) is not the cache's and is left out, so
 * it is never counted or deleted. Other processes add and remove files meanwhile: a file that
 * vanishes between listing and reading its attributes is simply not listed.
 */
final class CacheListing {
  static final String TEMP_PREFIX = ".tmp-";

  private static final Pattern KIND = Pattern.compile("[a-z0-9-]{1,20}");
  private static final Pattern ENTRY = Pattern.compile("[0-9a-f]{64}");

  /** One file of the cache. */
  record CacheFile(Path path, long size, FileTime lastModified) {}

  private final List<CacheFile> entries;
  private final List<CacheFile> temporaries;

  private CacheListing(List<CacheFile> entries, List<CacheFile> temporaries) {
    this.entries = entries;
    this.temporaries = temporaries;
  }

  /**
   * Lists {@code directory}; a missing directory lists as empty, a kind directory that cannot be
   * read is noted and skipped.
   */
  static CacheListing of(Path directory, Consumer<String> notes) {
    List<CacheFile> entries = new ArrayList<>();
    List<CacheFile> temporaries = new ArrayList<>();
    for (Path kindDirectory : children(directory, notes)) {
      if (!KIND.matcher(kindDirectory.getFileName().toString()).matches()
          || !Files.isDirectory(kindDirectory, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      for (Path file : children(kindDirectory, notes)) {
        String name = file.getFileName().toString();
        boolean temporary = name.startsWith(TEMP_PREFIX);
        if (!temporary && !ENTRY.matcher(name).matches()) {
          continue;
        }
        BasicFileAttributes attributes;
        try {
          attributes =
              Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
          // Gone already (another process evicted it or renamed its temporary file into place),
          // or unreadable: either way nothing this listing can count.
          continue;
        }
        if (attributes.isRegularFile()) {
          CacheFile cacheFile =
              new CacheFile(file, attributes.size(), attributes.lastModifiedTime());
          (temporary ? temporaries : entries).add(cacheFile);
        }
      }
    }
    return new CacheListing(entries, temporaries);
  }

  private static List<Path> children(Path directory, Consumer<String> notes) {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path child : stream) {
        children.add(child);
      }
    } catch (NoSuchFileException e) {
      // Not created yet, or removed by hand: nothing in it.
    } catch (IOException | DirectoryIteratorException e) {
      IOException cause =
          e instanceof DirectoryIteratorException d ? d.getCause() : (IOException) e;
      notes.accept("cache: cannot list " + directory + ": " + IoProblems.describe(cause));
    }
    return children;
  }

  /** The entries, in no particular order. */
  List<CacheFile> entries() {
    return entries;
  }

  /** The temporary files, in no particular order. */
  List<CacheFile> temporaries() {
    return temporaries;
  }
}
