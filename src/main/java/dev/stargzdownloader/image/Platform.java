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

  /**
   * Parses {@code os/arch[/variant]}, e.g. {@code linux/arm64/v8}.
   *
   * @throws IllegalArgumentException if the text has another shape
   */
  public static Platform parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a platform; expected os/arch or os/arch/variant, e.g. linux/amd64");
    }
    for (String part : parts) {
      if (!part.matches("[a-z0-9_.-]+")) {
        throw new IllegalArgumentException(
            "'"
                + text
                + "' is not a platform; expected os/arch or os/arch/variant, e.g. linux/amd64");
      }
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
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
