package dev.stargzdownloader.it.harness;

import dev.stargzdownloader.it.harness.TokenServer.Account;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * One of the four registries the integration tests run against, with what a client needs to talk to
 * it: its address, the options the command needs, and an {@link ImagePusher} allowed to push.
 *
 * <ul>
 *   <li>{@link #anonymous()}: plain HTTP, no authentication;
 *   <li>{@link #basicAuth()}: plain HTTP, htpasswd Basic authentication ({@code alice}/{@code
 *       wonderland}); distribution 2.8 accepts htpasswd without TLS;
 *   <li>{@link #token()}: plain HTTP, Docker token authentication against a {@link TokenServer};
 *   <li>{@link #tls()}: HTTPS with the committed self-signed certificate, no authentication.
 * </ul>
 */
public final class RegistrySetup implements AutoCloseable {
  public static final Account BASIC_USER = new Account("alice", "wonderland");

  private final String name;
  private final RegistryProcess registry;
  private final Optional<TokenServer> tokenServer;
  private final Optional<SSLContext> trust;
  private final Optional<Account> pushAccount;
  private final Path resources;

  private RegistrySetup(
      String name,
      RegistryProcess registry,
      Optional<TokenServer> tokenServer,
      Optional<SSLContext> trust,
      Optional<Account> pushAccount,
      Path resources) {
    this.name = name;
    this.registry = registry;
    this.tokenServer = tokenServer;
    this.trust = trust;
    this.pushAccount = pushAccount;
    this.resources = resources;
  }

  public static RegistrySetup anonymous() throws IOException {
    Path dir = Files.createTempDirectory("registry-anonymous-files-");
    return started(
        "anonymous",
        RegistryConfig.anonymous(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        dir);
  }

  public static RegistrySetup basicAuth() throws IOException {
    Path dir = Files.createTempDirectory("registry-basic-files-");
    Path htpasswd = TestResources.copyTo("/it/htpasswd", dir);
    return started(
        "basic-auth",
        RegistryConfig.anonymous().withHtpasswd(htpasswd),
        Optional.empty(),
        Optional.empty(),
        Optional.of(BASIC_USER),
        dir);
  }

  public static RegistrySetup token() throws IOException {
    Path dir = Files.createTempDirectory("registry-token-files-");
    TokenServer tokens;
    try {
      tokens = TokenServer.start();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load the token signing key", e);
    }
    try {
      Path bundle = TestResources.copyTo("/it/token-signing-cert.pem", dir);
      RegistryConfig config =
          RegistryConfig.anonymous()
              .withToken(
                  new RegistryConfig.TokenAuth(
                      tokens.realm(), TokenServer.SERVICE, TokenServer.ISSUER, bundle));
      return started(
          "token",
          config,
          Optional.of(tokens),
          Optional.empty(),
          Optional.of(TokenServer.PUSHER),
          dir);
    } catch (IOException | RuntimeException e) {
      tokens.close();
      throw e;
    }
  }

  public static RegistrySetup tls() throws IOException {
    Path dir = Files.createTempDirectory("registry-tls-files-");
    SSLContext trust;
    try {
      X509Certificate certificate = Pem.certificate("/it/tls-cert.pem");
      trust = Pem.trusting(certificate);
    } catch (Exception e) {
      throw new IOException("cannot load the test TLS certificate", e);
    }
    RegistryConfig config =
        RegistryConfig.anonymous()
            .withTls(
                new RegistryConfig.TlsFiles(
                    TestResources.copyTo("/it/tls-cert.pem", dir),
                    TestResources.copyTo("/it/tls-key.pem", dir)));
    return started("tls", config, Optional.empty(), Optional.of(trust), Optional.empty(), dir);
  }

  private static RegistrySetup started(
      String name,
      RegistryConfig config,
      Optional<TokenServer> tokens,
      Optional<SSLContext> trust,
      Optional<Account> pushAccount,
      Path resources)
      throws IOException {
    try {
      RegistryProcess registry = RegistryProcess.start(name, config, trust);
      return new RegistrySetup(name, registry, tokens, trust, pushAccount, resources);
    } catch (IOException | RuntimeException e) {
      RegistryProcess.deleteTree(resources);
      throw e;
    }
  }

  public String name() {
    return name;
  }

  public RegistryProcess registry() {
    return registry;
  }

  public Optional<TokenServer> tokenServer() {
    return tokenServer;
  }

  /** {@code 127.0.0.1:PORT}. */
  public String authority() {
    return registry.authority();
  }

  /** An image reference on this registry. */
  public String image(String repositoryAndTag) {
    return authority() + "/" + repositoryAndTag;
  }

  public boolean isTls() {
    return trust.isPresent();
  }

  /** Options the command needs for this registry's transport: {@code --plain-http} or none. */
  public List<String> transportOptions() {
    List<String> options = new ArrayList<>();
    if (!isTls()) {
      options.add("--plain-http");
    }
    return options;
  }

  /** A pusher authenticated as the account allowed to push here. */
  public ImagePusher pusher() {
    return new ImagePusher(registry.baseUri(), trust, pushAccount);
  }

  @Override
  public void close() throws IOException {
    try {
      registry.close();
    } finally {
      tokenServer.ifPresent(TokenServer::close);
      RegistryProcess.deleteTree(resources);
    }
  }

  @Override
  public String toString() {
    return name + " " + registry;
  }
}
