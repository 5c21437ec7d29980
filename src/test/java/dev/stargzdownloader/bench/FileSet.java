package dev.stargzdownloader.bench;

import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.TarLayerBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The files of one benchmark layer, in tar order, with the directories they need. Names have no
 * leading slash, as in layer tars.
 */
final class FileSet {
  /** One regular file. */
  record File(String name, byte[] content) {}

  private final List<File> files = new ArrayList<>();

  FileSet add(String name, byte[] content) {
    files.add(new File(name, content));
    return this;
  }

  /**
   * {@code count} files under {@code directory} (spread over subdirectories of 100 files), sizes
   * uniformly between 1 KiB and {@code 2 * averageSize}, a {@code textShare} of them text and the
   * rest random bytes.
   */
  FileSet many(String directory, int count, int averageSize, double textShare, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < count; i++) {
      int size = 1024 + random.nextInt(Math.max(1, 2 * averageSize - 1024));
      boolean text = random.nextDouble() < textShare;
      String name =
          String.format(
              Locale.ROOT, "%s/%02d/file-%04d.%s", directory, i / 100, i, text ? "txt" : "bin");
      long fileSeed = random.nextLong();
      add(name, text ? Content.text(fileSeed, size) : Content.random(fileSeed, size));
    }
    return this;
  }

  /**
   * {@code count} tiny text files of 16 to 256 bytes under {@code directory}, {@code perDirectory}
   * to a subdirectory: a TOC that is mostly entries rather than data.
   */
  FileSet tiny(String directory, int count, int perDirectory, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < count; i++) {
      String name =
          String.format(Locale.ROOT, "%s/%04d/file-%06d.txt", directory, i / perDirectory, i);
      add(name, Content.text(random.nextLong(), 16 + random.nextInt(241)));
    }
    return this;
  }

  /** The file named {@code name}. */
  File file(String name) {
    return files.stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no file " + name));
  }

  List<File> files() {
    return List.copyOf(files);
  }

  long totalBytes() {
    return files.stream().mapToLong(f -> f.content().length).sum();
  }

  /** Every parent directory of every file, parents first, with a trailing slash. */
  private List<String> directories() {
    TreeSet<String> dirs = new TreeSet<>();
    for (File f : files) {
      for (int slash = f.name().indexOf('/');
          slash >= 0;
          slash = f.name().indexOf('/', slash + 1)) {
        dirs.add(f.name().substring(0, slash + 1));
      }
    }
    return new ArrayList<>(dirs);
  }

  EstargzBuilder toEstargz() {
    EstargzBuilder builder = new EstargzBuilder();
    directories().forEach(d -> builder.dir(d, 0755));
    files.forEach(f -> builder.file(f.name(), f.content(), 0644));
    return builder;
  }

  TarLayerBuilder toTar() {
    TarLayerBuilder builder = new TarLayerBuilder();
    directories().forEach(d -> builder.dir(d, 0755));
    files.forEach(f -> builder.file(f.name(), f.content(), 0644));
    return builder;
  }
}
