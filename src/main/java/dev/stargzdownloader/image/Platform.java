package dev.stargzdownloader.image;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** An {@code os/architecture[/variant]} an image can be built for. */
public record Platform(String os, String architecture, String variant) {

  /** The platform of this machine, in OCI's names ({@code amd64}, {@code arm64}). */
  public static Platform host() {
    String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
    String ociArch =
        switch (arch) {
          case "x86_64", "amd64" -> "amd64";
          case "aarch64", "arm64" -> "arm64";
          case "ppc64le" -> "ppc64le";
          case "s390x" -> "s390x";
          default -> arch;
        };
    return new Platform("linux", ociArch, "");
  }

  /** Whether an index entry's platform is this one (an empty variant matches any variant). */
  public boolean matches(Descriptor.Platform candidate) {
    if (candidate == null) {
      return false;
    }
    return os.equals(candidate.os())
        && architecture.equals(candidate.architecture())
        && (variant.isEmpty() || variant.equals(candidate.variant()));
  }

  /** The platforms an index offers, for messages. */
  public static String describeAll(List<Descriptor> entries) {
    return entries.stream()
        .map(Descriptor::platform)
        .filter(p -> p != null)
        .map(Descriptor.Platform::toString)
        .distinct()
        .collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }
}
