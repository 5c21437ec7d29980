package dev.stargzdownloader.singlefile;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.formats.LazyLayers;
import dev.stargzdownloader.layer.ByteSpan;
import dev.stargzdownloader.layer.ExtractionListener;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.limits.Limits;
import dev.stargzdownloader.listing.EntryType;
import dev.stargzdownloader.listing.ImageListing;
import dev.stargzdownloader.listing.ListedEntry;
import dev.stargzdownloader.listing.ListingListener;
import dev.stargzdownloader.listing.ListingRequest;
import dev.stargzdownloader.output.AtomicFileWriter;
import dev.stargzdownloader.output.OutputDirectories;
import dev.stargzdownloader.output.OutputWriteException;
import dev.stargzdownloader.output.RunFootprint;
import dev.stargzdownloader.registry.RegistryClient;
import dev.stargzdownloader.remote.DownloadThreads;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Several files, directories or globs out of one image. The merged tree is read from the TOCs
 * (streaming the layers that are not lazy, names only), the requests are expanded against it, and
 * for each lazy layer the compressed ranges of all its requested files are merged and fetched
 * together, a request per contiguous region, in parallel; each file is then decoded and verified
 * from those bytes. Files of layers that are not lazy are read by streaming, one file at a time.
 * Nothing is moved into place until every file has been fetched and verified.
 */
public final class MultiFileDownload {
  private final RegistryClient registry;
  private final LazyLayers lazyLayers;
  private final SingleFileListener listener;
  private final ListingListener listingListener;

  public MultiFileDownload(
      RegistryClient registry,
      LazyLayers lazyLayers,
      SingleFileListener listener,
      ListingListener listingListener) {
    this.registry = registry;
    this.lazyLayers = lazyLayers;
    this.listener = listener;
    this.listingListener = listingListener;
  }

  /** One written entry. */
  public record Written(ListedEntry entry, Path output) {}

  /** What was written, in the order of the requests. */
  public record Result(List<Written> written) {
    public Result {
      written = List.copyOf(written);
    }
  }

  /** A regular file (or hard link) to fetch, and where it goes. */
  private record Pending(FileSelection.Selected selected, Path target) {}

  public Result download(SingleFileRequest base, List<String> requests) throws IOException {
    RunFootprint footprint = RunFootprint.current();
    ImageListing.Listed listed =
        new ImageListing(registry, lazyLayers, listingListener)
            .listOpened(
                new ListingRequest(
                    base.image(),
                    base.layer(),
                    base.platform(),
                    Optional.empty(),
                    base.concurrency()));
    List<FileSelection.Selected> selection = FileSelection.expand(listed.tree(), requests);
    Path directory = OutputDirectories.prepare(base.outputDirectory(), footprint);
    ExecutorService executor = DownloadThreads.pool(base.concurrency() + 1, footprint);
    List<AtomicFileWriter> writers = new ArrayList<>();
    List<Path> createdDirectories = new ArrayList<>();
    boolean done = false;
    try {
      Map<Digest, List<Pending>> byLayer = new LinkedHashMap<>();
      for (FileSelection.Selected s : selection) {
        Path target = directory.resolve(s.output());
        if (isContent(s.entry())) {
          byLayer
              .computeIfAbsent(s.entry().layer(), k -> new ArrayList<>())
              .add(new Pending(s, target));
        }
      }
      for (FileSelection.Selected s : selection) {
        Path parent = directory.resolve(s.output()).getParent();
        createDirectories(parent, createdDirectories);
      }
      for (Map.Entry<Digest, List<Pending>> layer : byLayer.entrySet()) {
        ImageListing.OpenedLayer opened = listed.lazyLayers().get(layer.getKey());
        if (opened != null) {
          writers.addAll(fetchLazily(opened, layer.getValue(), executor, base.concurrency()));
        } else {
          writers.addAll(stream(base, layer.getKey(), layer.getValue()));
        }
      }
      List<Written> written = commit(selection, directory, writers, createdDirectories);
      done = true;
      footprint.forgetCreatedDirectory(directory);
      return new Result(written);
    } finally {
      if (!done) {
        writers.forEach(AtomicFileWriter::close);
        createdDirectories.sort(Comparator.reverseOrder());
        for (Path created : createdDirectories) {
          Files.deleteIfExists(created);
        }
        footprint.discardCreatedDirectory(directory);
      }
      DownloadThreads.stop(executor, footprint);
    }
  }

  private static boolean isContent(ListedEntry e) {
    return e.type() == EntryType.FILE || e.type() == EntryType.HARDLINK;
  }

  /**
   * The files of one lazy layer: their compressed ranges merged across files and fetched at once,
   * then each file decoded and verified from them into a temporary file of its own.
   */
  private List<AtomicFileWriter> fetchLazily(
      ImageListing.OpenedLayer opened,
      List<Pending> files,
      ExecutorService executor,
      int concurrency)
      throws IOException {
    List<FileLocation> locations = new ArrayList<>();
    for (Pending p : files) {
      locations.add(opened.layer().locate(p.selected().entry().path()));
    }
    List<ByteSpan> merged = merge(locations);
    long bytes = merged.stream().mapToLong(ByteSpan::length).sum();
    if (bytes <= Limits.MAX_PREFETCH_BYTES) {
      opened.source().prefetch(merged, executor, concurrency);
    }
    List<AtomicFileWriter> writers = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Pending p = files.get(i);
      FileLocation location = locations.get(i);
      AtomicFileWriter writer = AtomicFileWriter.create(p.target());
      writers.add(writer);
      listener.lookingUp(p.selected().entry().path());
      opened
          .layer()
          .read(location, writer.channel(), executor, concurrency, ExtractionListener.NONE);
      listener.writing(p.target(), location.size());
    }
    return writers;
  }

  /** Every file's ranges, sorted, overlapping and adjacent ones joined. */
  static List<ByteSpan> merge(List<FileLocation> locations) {
    List<ByteSpan> all = new ArrayList<>();
    locations.forEach(l -> all.addAll(l.spans()));
    all.sort(Comparator.comparingLong(ByteSpan::start).thenComparingLong(ByteSpan::end));
    List<ByteSpan> merged = new ArrayList<>();
    for (ByteSpan s : all) {
      if (!merged.isEmpty() && s.start() <= merged.get(merged.size() - 1).end()) {
        ByteSpan last = merged.remove(merged.size() - 1);
        merged.add(new ByteSpan(last.start(), Math.max(last.end(), s.end())));
      } else {
        merged.add(s);
      }
    }
    return merged;
  }

  /**
   * The files of a layer that is not lazy: each read by streaming the layer, as a single-file
   * download of that layer would, into a private directory first.
   */
  private List<AtomicFileWriter> stream(SingleFileRequest base, Digest layer, List<Pending> files)
      throws IOException {
    List<AtomicFileWriter> writers = new ArrayList<>();
    for (Pending p : files) {
      Path spool = Files.createTempDirectory(p.target().getParent(), ".stargz-downloader-one-");
      try {
        SingleFileResult one =
            new SingleFileDownload(registry, lazyLayers, listener)
                .download(
                    new SingleFileRequest(
                        base.image(),
                        Optional.of(layer),
                        base.platform(),
                        p.selected().entry().path(),
                        spool,
                        base.concurrency()));
        AtomicFileWriter writer = AtomicFileWriter.create(p.target());
        writers.add(writer);
        Files.copy(one.file(), java.nio.channels.Channels.newOutputStream(writer.channel()));
      } finally {
        try (var left = Files.list(spool)) {
          for (Path f : left.toList()) {
            Files.deleteIfExists(f);
          }
        }
        Files.deleteIfExists(spool);
      }
    }
    return writers;
  }

  private static void createDirectories(Path dir, List<Path> created) throws IOException {
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    createDirectories(dir.getParent(), created);
    Files.createDirectory(dir);
    created.add(dir);
  }

  /** Moves every fetched file into place, then makes the links and directories. */
  private static List<Written> commit(
      List<FileSelection.Selected> selection,
      Path directory,
      List<AtomicFileWriter> writers,
      List<Path> createdDirectories)
      throws IOException {
    Map<Path, AtomicFileWriter> byTarget = new LinkedHashMap<>();
    for (AtomicFileWriter w : writers) {
      byTarget.put(w.target(), w);
    }
    List<Written> written = new ArrayList<>();
    for (FileSelection.Selected s : selection) {
      Path target = directory.resolve(s.output());
      ListedEntry e = s.entry();
      switch (e.type()) {
        case FILE, HARDLINK -> byTarget.get(target).commit(e.mode(), Optional.empty());
        case SYMLINK -> {
          try {
            Files.createSymbolicLink(target, Path.of(e.link()));
          } catch (FileAlreadyExistsException ex) {
            throw new OutputWriteException(
                "cannot write " + target + ": something is in the way", ex);
          }
        }
        case DIRECTORY -> {
          if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(target);
            createdDirectories.add(target);
          }
        }
        case SPECIAL -> {
          continue;
        }
      }
      written.add(new Written(e, target));
    }
    // Directory modes last, so that a read-only directory does not stop its own content.
    for (FileSelection.Selected s : selection) {
      if (s.entry().type() == EntryType.DIRECTORY) {
        Files.setPosixFilePermissions(
            directory.resolve(s.output()),
            PosixFilePermissions.fromString(rwx(s.entry().mode() | 0700)));
      }
    }
    return written;
  }

  private static String rwx(int mode) {
    StringBuilder b = new StringBuilder();
    String letters = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      b.append((mode & (0400 >> i)) != 0 ? letters.charAt(i) : '-');
    }
    return b.toString();
  }
}
