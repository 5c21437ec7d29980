package dev.stargzdownloader.it.harness;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The distribution configuration of one test registry, written as YAML. The registry always listens
 * on {@code 127.0.0.1:0}: the system picks a free port, which {@link RegistryProcess} reads back
 * from the log, so two registries never race for a port.
 *
 * @param tls certificate and key files for HTTPS, or empty for plain HTTP
 * @param htpasswd an htpasswd file for Basic authentication
 * @param token Docker token authentication
 */
public record RegistryConfig(
    Optional<TlsFiles> tls, Optional<Path> htpasswd, Optional<TokenAuth> token) {

  /** A PEM certificate and its key. */
  public record TlsFiles(Path certificate, Path key) {}

  /**
   * Docker token authentication settings.
   *
   * @param realm where clients get tokens
   * @param service the audience tokens must name
   * @param issuer the issuer tokens must name
   * @param rootCertBundle certificates that sign tokens
   */
  public record TokenAuth(URI realm, String service, String issuer, Path rootCertBundle) {}

  public RegistryConfig {
    if (htpasswd.isPresent() && token.isPresent()) {
      throw new IllegalArgumentException("choose htpasswd or token authentication, not both");
    }
  }

  public static RegistryConfig anonymous() {
    return new RegistryConfig(Optional.empty(), Optional.empty(), Optional.empty());
  }

  public RegistryConfig withTls(TlsFiles files) {
    return new RegistryConfig(Optional.of(files), htpasswd, token);
  }

  public RegistryConfig withHtpasswd(Path file) {
    return new RegistryConfig(tls, Optional.of(file), token);
  }

  public RegistryConfig withToken(TokenAuth auth) {
    return new RegistryConfig(tls, htpasswd, Optional.of(auth));
  }

  public boolean isTls() {
    return tls.isPresent();
  }

  /** The YAML text, with storage under {@code storageRoot}. */
  public String toYaml(Path storageRoot) {
    StringBuilder y = new StringBuilder();
    y.append("version: 0.1\n");
    y.append("log:\n  level: info\n  formatter: text\n");
    y.append("storage:\n");
    y.append("  filesystem:\n    rootdirectory: ").append(quote(storageRoot)).append('\n');
    y.append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
    y.append("http:\n  addr: 127.0.0.1:0\n");
    // A fixed secret silences the warning about a generated one; uploads need no shared secret.
    y.append("  secret: stargz-downloader-tests\n");
    tls.ifPresent(
        t ->
            y.append("  tls:\n    certificate: ")
                .append(quote(t.certificate()))
                .append("\n    key: ")
                .append(quote(t.key()))
                .append('\n'));
    htpasswd.ifPresent(
        p ->
            y.append("auth:\n  htpasswd:\n    realm: stargz-downloader-tests\n    path: ")
                .append(quote(p))
                .append('\n'));
    token.ifPresent(
        t ->
            y.append("auth:\n  token:\n    realm: ")
                .append(quote(t.realm().toString()))
                .append("\n    service: ")
                .append(quote(t.service()))
                .append("\n    issuer: ")
                .append(quote(t.issuer()))
                .append("\n    rootcertbundle: ")
                .append(quote(t.rootCertBundle()))
                .append('\n'));
    return y.toString();
  }

  private static String quote(Path path) {
    return quote(path.toAbsolutePath().toString());
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
