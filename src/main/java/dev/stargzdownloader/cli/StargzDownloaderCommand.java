package dev.stargzdownloader.cli;

import dev.stargzdownloader.credentials.CredentialConfigException;
import dev.stargzdownloader.credentials.CredentialResolver;
import dev.stargzdownloader.credentials.Environment;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.download.DownloadManager;
import dev.stargzdownloader.image.ImageReference;
import dev.stargzdownloader.image.Platform;
import dev.stargzdownloader.layer.DirectoryRequestedException;
import dev.stargzdownloader.output.RunFootprint;
import dev.stargzdownloader.registry.Credentials;
import dev.stargzdownloader.registry.ProxyConfigurationException;
import dev.stargzdownloader.registry.ProxySettings;
import dev.stargzdownloader.registry.RegistryClient;
import dev.stargzdownloader.registry.RegistryClientOptions;
import dev.stargzdownloader.singlefile.FileSelection;
import dev.stargzdownloader.singlefile.MultiFileDownload;
import dev.stargzdownloader.singlefile.SingleFileRequest;
import dev.stargzdownloader.singlefile.SingleFileResult;
import dev.stargzdownloader.wholeimage.ImageRequest;
import dev.stargzdownloader.wholeimage.ImageResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code stargz-downloader} command: options, validation, and the call into downloads. */
@Command(
    name = "stargz-downloader",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Pulls a single file, or a whole filesystem, out of a container image in an OCI registry,"
          + " fetching only the bytes it needs.",
      "",
      "Single-file mode (--file) reads the table of contents of each layer with HTTP Range"
          + " requests (eStargz and legacy stargz from the end of the layer, zstd:chunked from where"
          + " its manifest annotation or footer says), from the top layer down, and downloads only"
          + " the compressed chunks of the file from the layer that provides it (whiteouts, opaque"
          + " directories and symbolic links across layers are honoured). --layer reads that one"
          + " layer only. A layer without a table of contents is streamed, and the stream stopped"
          + " once the answer is known.",
      "",
      "Full-image mode (no --file) downloads every layer in parallel, verifies each against the"
          + " manifest, and applies them in order (whiteouts, links, modes) into the output"
          + " directory, which must be new or empty. Any layer type works: eStargz, zstd:chunked,"
          + " gzip, zstd, uncompressed.",
      "",
      "Credentials, the first source that has some for the registry wins: --username with"
          + " --password or --password-stdin; the file given with --authfile; $REGISTRY_AUTH_FILE,"
          + " then $XDG_RUNTIME_DIR/containers/auth.json; $DOCKER_CONFIG/config.json, else"
          + " ~/.docker/config.json; else anonymous. In a file: credHelpers for the registry, then"
          + " credsStore (docker-credential-NAME on PATH), then auths. They are sent only to that"
          + " registry and its token service, and only when it asks.",
      "",
      "Proxies: HTTPS_PROXY and HTTP_PROXY (upper case first, then lower case) name the proxy for"
          + " https and http requests, http://USER:PASSWORD@HOST:PORT with proxy authentication;"
          + " NO_PROXY lists hosts, .domain suffixes, IP addresses and CIDR ranges to reach"
          + " directly (* for all); loopback is never proxied. JAVA_OPTS adds JVM options.",
      "",
      "Local cache ($XDG_CACHE_HOME/stargz-downloader, else ~/.cache/stargz-downloader): TOCs,"
          + " manifests fetched by digest, and an index of every plain gzip or zstd layer that"
          + " streamed, so that the next read of it fetches one range. Everything in it is checked"
          + " when read back; tags and tokens are never kept. --no-cache for a run without it,"
          + " --cache-prune to empty it.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    footerHeading = "%nExamples:%n",
    footer = {
      "  # one file, searched in every layer of the image",
      "  stargz-downloader -i ghcr.io/stargz-containers/ubuntu:22.04-esgz \\",
      "      -f /usr/bin/bash -o ./output",
      "  # one file from one named layer",
      "  stargz-downloader -i localhost:5000/app:1 -l sha256:<64 hex digits> \\",
      "      -f /etc/app.conf -o ./output --plain-http",
      "  # the whole image",
      "  stargz-downloader -i ghcr.io/stargz-containers/ubuntu:22.04-esgz \\",
      "      -o ./rootfs --concurrency 4",
      "",
      "Progress goes to stderr; the final line naming the written file goes to stdout.",
      "Layer digests: crane manifest IMAGE | jq '.layers[].digest'",
      "Completion and man page: stargz-downloader.bash-completion, stargz-downloader.1"
    })
public final class StargzDownloaderCommand implements Callable<Integer> {
  private static final int MAX_CONCURRENCY = 64;

  @Spec CommandSpec spec;

  @Option(
      names = {"-i", "--image"},
      paramLabel = "REF",
      description = "Image reference, e.g. ubuntu:22.04, ghcr.io/org/app:1, host:5000/a/b@sha256:…")
  String image;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description =
          "Output directory (created if missing; required unless --list); - writes the file's"
              + " bytes to stdout (with --file, one regular file)")
  Path output;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print nothing on stderr unless the run fails")
  boolean quiet;

  @Option(
      names = "--dry-run",
      description =
          "Resolve the image and read the TOCs, say what a download would fetch (layers, formats,"
              + " bytes, requests), and stop without writing anything")
  boolean dryRun;

  @Option(
      names = "--json",
      description =
          "End with one JSON document on stdout describing the result (or the failure) instead of"
              + " the success line")
  boolean json;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "PATH",
      description =
          "Absolute path of the file to download, e.g. /usr/bin/bash; searched in all layers"
              + " unless --layer is given. Repeat it for several files; a directory downloads its"
              + " subtree to DIR/<its name>/, a quoted glob ('/usr/lib/*.so*') every match")
  List<String> files = new ArrayList<>();

  /** The first --file; the one of a single-file run. */
  String file;

  @Option(
      names = {"-l", "--layer"},
      paramLabel = "DIGEST",
      description =
          "Read the file from this layer only, sha256:<64 hex> (requires --file; default: search"
              + " the image's layers from the top down)")
  String layer;

  @Option(
      names = "--list",
      description =
          "Print the image's merged file tree (or one --layer's, or the --file subtree) from the"
              + " layers' TOCs on stdout, one path a line; writes no files")
  boolean list;

  @Option(
      names = "--long",
      description = "With --list: also type and mode, size, providing layer and link target")
  boolean longListing;

  @Option(
      names = {"-u", "--username"},
      paramLabel = "USER",
      description = "Registry username")
  String username;

  @Option(
      names = {"-p", "--password"},
      paramLabel = "PASSWORD",
      description = "Registry password or token (prefer --password-stdin: arguments show in ps)")
  String password;

  @Option(
      names = "--password-stdin",
      description = "Read the registry password from standard input")
  boolean passwordStdin;

  @Option(
      names = "--authfile",
      paramLabel = "FILE",
      description =
          "Read stored credentials from FILE (docker config.json or containers auth.json format)"
              + " before the default locations")
  Path authFile;

  @Option(names = "--insecure", description = "Accept any TLS certificate and host name")
  boolean insecure;

  @Option(names = "--plain-http", description = "Speak plain HTTP to the registry instead of HTTPS")
  boolean plainHttp;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      description =
          "Platform to pick from a multi-platform image (default: this machine's, e.g. linux/amd64)")
  String platform;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "10",
      description = "Concurrent downloads (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description =
          "Local cache of TOCs, manifests fetched by digest and gzip indexes (default:"
              + " $XDG_CACHE_HOME/stargz-downloader, else ~/.cache/stargz-downloader)")
  Path cacheDir;

  @Option(names = "--no-cache", description = "Neither read nor write the local cache")
  boolean noCache;

  @Option(
      names = "--cache-max",
      paramLabel = "SIZE",
      description =
          "Largest size of the cache, least recently used out first (default: 1GiB; K, M, G are"
              + " binary units)")
  String cacheMax;

  @Option(
      names = "--cache-prune",
      description = "Empty the cache (down to --cache-max when given) and exit; needs no --image")
  boolean cachePrune;

  @Option(
      names = {"-v", "--verbose"},
      description = "Log each request, time each phase, show stack traces on errors")
  boolean verbose;

  private final InputStream stdin;
  private final UnaryOperator<RegistryClientOptions.Builder> transportSettings;
  private final Environment environment;
  private OutputStream binaryOut = System.out;
  private ProxySettings proxies = ProxySettings.jdkDefault();
  private CacheSettings caches;

  public StargzDownloaderCommand() {
    this(System.in, UnaryOperator.identity(), Environment.system());
  }

  /**
   * @param transportSettings adjusts the registry client's options before use; tests replace the
   *     sleeper here so that retries do not wait for real
   */
  StargzDownloaderCommand(
      InputStream stdin, UnaryOperator<RegistryClientOptions.Builder> transportSettings) {
    this(stdin, transportSettings, Environment.empty());
  }

  /**
   * @param environment where stored credentials (variables and home directory) and HTTPS_PROXY,
   *     HTTP_PROXY and NO_PROXY are read
   */
  StargzDownloaderCommand(
      InputStream stdin,
      UnaryOperator<RegistryClientOptions.Builder> transportSettings,
      Environment environment) {
    this.stdin = stdin;
    this.transportSettings = transportSettings;
    this.environment = environment;
  }

  /** Where {@code --output -} writes the file's bytes; tests capture them here. */
  void binaryOutput(OutputStream out) {
    this.binaryOut = out;
  }

  @Override
  public Integer call() throws IOException {
    caches = cacheSettings();
    if (cachePrune) {
      return CachePrune.run(caches.cache(), cacheMax != null, spec.commandLine().getOut(), json);
    }
    if (image == null) {
      throw usage("Missing required option: '--image=REF'");
    }
    file = files.isEmpty() ? null : files.get(0);
    if (output == null && !list) {
      throw usage("Missing required option: '--output=DIR'");
    }
    if (list && output != null) {
      throw usage("--list prints the file tree and writes nothing: drop --output");
    }
    if (longListing && !list) {
      throw usage("--long requires --list");
    }
    ImageReference imageReference = parseImage();
    proxies = parseProxies();
    Optional<Credentials> given = credentials();
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw usage(
          "--concurrency must be between 1 and " + MAX_CONCURRENCY + ", not " + concurrency);
    }
    if (file == null && layer != null && !list) {
      throw usage("--layer requires --file: name the file to download from that layer");
    }
    Platform targetPlatform = parsePlatform();
    Optional<Credentials> credentials =
        given.isPresent() ? given : storedCredentials(imageReference);
    if (verbose) {
      spec.commandLine().getErr().println(credentialsNote(imageReference, credentials));
    }
    PrintWriter notes = progress();
    RunFootprint.current().notes(notes::println);
    if (list) {
      return new ListingMode(spec.commandLine().getOut(), notes, verbose, json, caches.lazyLayers())
          .run(
              imageReference,
              layer == null ? Optional.empty() : Optional.of(parseLayer()),
              targetPlatform,
              Optional.ofNullable(file),
              concurrency,
              longListing,
              clientOptions(credentials));
    }
    if (file == null) {
      return downloadImage(imageReference, credentials, targetPlatform);
    }
    Optional<Digest> layerDigest = layer == null ? Optional.empty() : Optional.of(parseLayer());
    if (!file.startsWith("/")) {
      file = "/" + file;
    }
    if (files.size() > 1 || FileSelection.isGlob(file)) {
      return downloadSeveral(imageReference, credentials, targetPlatform, layerDigest, files);
    }

    RunFootprint.current().activity("downloading " + file + " from " + image);
    RegistryClientOptions options = clientOptions(credentials);
    PrintWriter err = progress();
    PrintWriter out = spec.commandLine().getOut();
    long started = System.nanoTime();
    Optional<Path> spool = toStdout() && !dryRun ? Optional.of(stdoutSpool()) : Optional.empty();
    Path directory = spool.orElse(output);
    try (RegistryClient client = new RegistryClient(options)) {
      ConsoleReport report =
          new ConsoleReport(err, isTerminal(), verbose, () -> client.stats().bodyBytesReceived());
      report.header(
          image,
          layerDigest.map(Digest::toString).orElse("(searching all layers, top down)"),
          layerDigest.isPresent() ? Optional.empty() : Optional.of(targetPlatform.toString()),
          file,
          output);
      DownloadManager manager = new DownloadManager(client, caches.lazyLayers());
      SingleFileResult result;
      try {
        result =
            manager.downloadFile(
                new SingleFileRequest(
                    imageReference,
                    layerDigest,
                    targetPlatform,
                    file,
                    directory,
                    concurrency,
                    dryRun),
                report);
      } catch (DirectoryRequestedException e) {
        if (dryRun || spool.isPresent()) {
          throw e;
        }
        spool.ifPresent(StdoutFile::discard);
        return downloadSeveral(imageReference, credentials, targetPlatform, layerDigest, files);
      }
      report.summary(client.stats(), System.nanoTime() - started);
      if (result.plan().isPresent()) {
        DryRunReport.singleFile(out, json, image, targetPlatform.toString(), file, result);
      } else if (spool.isPresent()) {
        StdoutFile.copy(result.file(), binaryOut);
      } else if (json) {
        JsonReport.singleFile(
            out,
            image,
            targetPlatform.toString(),
            file,
            result.file().toString(),
            result,
            result.contentDigest().orElseGet(() -> StdoutFile.sha256(result.file())),
            client.stats());
      } else {
        out.println("✓ Successfully downloaded file to: " + result.file());
        out.flush();
      }
    } finally {
      spool.ifPresent(StdoutFile::discard);
    }
    return ExitCode.OK.code();
  }

  /** Several files, directories or globs: see {@link DownloadManager#downloadFiles}. */
  private int downloadSeveral(
      ImageReference imageReference,
      Optional<Credentials> credentials,
      Platform targetPlatform,
      Optional<Digest> layerDigest,
      List<String> paths)
      throws IOException {
    if (toStdout()) {
      throw usage("--output - writes one regular file to stdout, not several or a directory");
    }
    if (dryRun) {
      throw usage("--dry-run takes one --file that names a regular file");
    }
    RunFootprint.current().activity("downloading " + String.join(", ", paths) + " from " + image);
    PrintWriter err = progress();
    PrintWriter out = spec.commandLine().getOut();
    long started = System.nanoTime();
    try (RegistryClient client = new RegistryClient(clientOptions(credentials))) {
      ConsoleReport report =
          new ConsoleReport(err, isTerminal(), verbose, () -> client.stats().bodyBytesReceived());
      report.header(
          image,
          layerDigest.map(Digest::toString).orElse("(searching all layers, top down)"),
          Optional.of(targetPlatform.toString()),
          String.join(", ", paths),
          output);
      MultiFileDownload.Result result =
          new DownloadManager(client, caches.lazyLayers())
              .downloadFiles(
                  new SingleFileRequest(
                      imageReference,
                      layerDigest,
                      targetPlatform,
                      paths.get(0),
                      output,
                      concurrency),
                  paths,
                  report,
                  new ListingPrinter(out, err, verbose));
      report.summary(client.stats(), System.nanoTime() - started);
      if (json) {
        JsonReport.severalFiles(out, image, targetPlatform.toString(), result, client.stats());
      } else {
        out.println(
            "✓ Successfully downloaded " + result.written().size() + " entries to: " + output);
        out.flush();
      }
    }
    return ExitCode.OK.code();
  }

  private int downloadImage(
      ImageReference imageReference, Optional<Credentials> credentials, Platform targetPlatform)
      throws IOException {
    RunFootprint.current().activity("extracting the image " + image + " into " + output);
    if (toStdout()) {
      throw usage("--output - writes one file to stdout: it needs --file");
    }
    PrintWriter err = progress();
    PrintWriter out = spec.commandLine().getOut();
    ImageConsoleReport report = new ImageConsoleReport(err, isTerminal());
    report.header(image, targetPlatform.toString(), output, concurrency);
    long started = System.nanoTime();
    try (RegistryClient client = new RegistryClient(clientOptions(credentials))) {
      DownloadManager manager = new DownloadManager(client, caches.lazyLayers());
      if (dryRun) {
        ImageRequest request =
            new ImageRequest(imageReference, targetPlatform, output, concurrency);
        DryRunReport.image(
            out,
            json,
            image,
            targetPlatform.toString(),
            manager.planImage(request),
            manager::announcedFormat);
        return ExitCode.OK.code();
      }
      ImageResult result =
          manager.downloadImage(
              new ImageRequest(imageReference, targetPlatform, output, concurrency), report);
      report.summary(result, client.stats(), System.nanoTime() - started);
      if (json) {
        JsonReport.image(out, image, targetPlatform.toString(), result, client.stats());
      } else {
        out.println("✓ Successfully extracted image to: " + result.output());
        out.flush();
      }
    }
    return ExitCode.OK.code();
  }

  /** Where progress, notes and warnings go: stderr, or nowhere with --quiet. */
  private PrintWriter progress() {
    return quiet ? new PrintWriter(Writer.nullWriter()) : spec.commandLine().getErr();
  }

  private boolean toStdout() {
    return output != null && output.toString().equals("-");
  }

  /** The private directory a file for stdout is written and verified in before it is sent. */
  private Path stdoutSpool() throws IOException {
    if (json) {
      throw usage("--json and --output - both write to stdout: use one of them");
    }
    return StdoutFile.spoolDirectory();
  }

  /** Whether the failure must also be reported as a JSON document on stdout. */
  boolean jsonFailures() {
    return json;
  }

  /**
   * Whether progress can be redrawn in place. On the Java 17 this tool targets, a console exists
   * only when both standard streams are terminals.
   */
  @SuppressWarnings("SystemConsoleNull")
  private static boolean isTerminal() {
    return System.console() != null && System.getenv("TERM") != null;
  }

  private RegistryClientOptions clientOptions(Optional<Credentials> credentials) {
    return transportSettings
        .apply(
            RegistryClientOptions.builder()
                .credentials(credentials)
                .insecure(insecure)
                .plainHttp(plainHttp)
                .proxy(proxies))
        .build();
  }

  private ProxySettings parseProxies() {
    try {
      return ProxySettings.fromEnvironment(environment.variables());
    } catch (ProxyConfigurationException e) {
      throw usage(e.getMessage());
    }
  }

  private Platform parsePlatform() {
    if (platform == null) {
      return Platform.host();
    }
    try {
      return Platform.parse(platform);
    } catch (IllegalArgumentException e) {
      throw usage("invalid value for option '--platform': " + e.getMessage());
    }
  }

  private CacheSettings cacheSettings() {
    if (noCache && (cacheDir != null || cacheMax != null || cachePrune)) {
      throw usage("--no-cache uses no cache: drop --cache-dir, --cache-max and --cache-prune");
    }
    PrintWriter err = spec.commandLine().getErr();
    try {
      return CacheSettings.of(
          noCache,
          cacheDir,
          cacheMax,
          environment,
          note -> {
            if (verbose) {
              err.println(note);
              err.flush();
            }
          });
    } catch (IllegalArgumentException e) {
      throw usage("invalid value for option '--cache-max': " + e.getMessage());
    }
  }

  private ImageReference parseImage() {
    String reference = withoutScheme(image);
    try {
      return ImageReference.parse(reference);
    } catch (IllegalArgumentException e) {
      throw usage("invalid value for option '--image': " + e.getMessage());
    }
  }

  /**
   * An image reference has no scheme, but users paste registry URLs: {@code http://} means {@code
   * --plain-http} (said in a note), {@code https://} the default; the scheme is dropped.
   */
  private String withoutScheme(String reference) {
    String lower = reference.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://")) {
      if (!plainHttp) {
        plainHttp = true;
        spec.commandLine()
            .getErr()
            .println(
                "note: --image starts with http://, so the registry is spoken to in plain"
                    + " HTTP, as with --plain-http");
      }
      return reference.substring("http://".length());
    }
    if (lower.startsWith("https://")) {
      if (plainHttp) {
        throw usage("--image starts with https:// but --plain-http was given: drop one of them");
      }
      return reference.substring("https://".length());
    }
    if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
      throw usage(
          "invalid value for option '--image': "
              + reference.substring(0, lower.indexOf("://") + 3)
              + " is not a registry scheme; give the reference without it, e.g."
              + " ghcr.io/org/app:tag");
    }
    return reference;
  }

  private Digest parseLayer() {
    try {
      return Digest.parse(layer);
    } catch (IllegalArgumentException e) {
      throw usage("invalid value for option '--layer': " + e.getMessage());
    }
  }

  private Optional<Credentials> credentials() throws IOException {
    if (password != null && passwordStdin) {
      throw usage("use either --password or --password-stdin, not both");
    }
    String secret = password;
    if (passwordStdin) {
      secret = readPasswordFromStdin();
    }
    if (username == null && secret != null) {
      throw usage("--password needs --username");
    }
    if (username != null && secret == null) {
      throw usage("--username needs --password or --password-stdin");
    }
    return username == null ? Optional.empty() : Optional.of(new Credentials(username, secret));
  }

  /** Credentials from the files and helpers, in their order; a malformed file is a usage error. */
  private Optional<Credentials> storedCredentials(ImageReference reference) throws IOException {
    CredentialResolver resolver =
        new CredentialResolver(environment, Optional.ofNullable(authFile));
    try {
      return resolver.resolve(reference.registry(), reference.repository());
    } catch (CredentialConfigException e) {
      throw usage(e.getMessage());
    }
  }

  /** Which source the credentials came from, never what they are. */
  private static String credentialsNote(
      ImageReference reference, Optional<Credentials> credentials) {
    String prefix = "credentials for " + reference.registry();
    if (credentials.isEmpty()) {
      return prefix + ": none found; pulling anonymously";
    }
    Credentials found = credentials.get();
    return prefix
        + " from "
        + found.source().orElse("--username " + found.username())
        + ": "
        + found.kindName();
  }

  private String readPasswordFromStdin() throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
    String line = reader.readLine();
    if (line == null || line.isEmpty()) {
      throw usage("--password-stdin was given but standard input is empty");
    }
    return line;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
