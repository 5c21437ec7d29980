package dev.stargzdownloader.it;

import static dev.stargzdownloader.it.Downloads.assertExit;
import static dev.stargzdownloader.it.Downloads.assertFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.it.harness.CliRunner;
import dev.stargzdownloader.it.harness.Fixtures;
import dev.stargzdownloader.it.harness.ForwardProxy;
import dev.stargzdownloader.it.harness.ImageManifests.Format;
import dev.stargzdownloader.it.harness.ImageManifests.Layer;
import dev.stargzdownloader.it.harness.RegistrySetup;
import dev.stargzdownloader.it.harness.RequiresRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built command through a real forward proxy ({@link ForwardProxy}), configured as for crane or
 * skopeo with {@code HTTP_PROXY}, {@code HTTPS_PROXY} and {@code NO_PROXY}, against a plain-HTTP
 * and an HTTPS registry.
 *
 * <p>The registries listen on 127.0.0.1, which the command, like any Go tool, never reaches through
 * a proxy. So the image references name the registry {@value ForwardProxy#REGISTRY_HOST}, a name
 * only the proxy resolves (to 127.0.0.1): a download that succeeds proves that every request went
 * through the proxy, and the proxy's log shows which. The {@code NO_PROXY} tests give the command a
 * hosts file mapping the same name ({@code -Djdk.net.hosts.file} in {@code JAVA_OPTS}), so that the
 * registry is reachable directly too, and check that the proxy saw nothing.
 */
@RequiresRegistry
class ProxyRegistryIT {
  private static final String FILE = "files/setuid-04755.sh";
  private static final String PROXY_USER = "proxy-user";
  private static final String PROXY_PASSWORD = "pr0xy-s3cret";
  private static final String WRONG_PASSWORD = "not-the-pr0xy-password";

  private static RegistrySetup plain;
  private static RegistrySetup tls;
  private static Fixtures.Layer layer;

  @TempDir Path temp;

  @BeforeAll
  static void startRegistriesAndPush() throws IOException {
    layer = Fixtures.layer("legacy-stargz");
    plain = RegistrySetup.anonymous();
    tls = RegistrySetup.tls();
    for (RegistrySetup setup : List.of(plain, tls)) {
      setup
          .pusher()
          .pushImage(
              "proxied/app", "v1", Format.DOCKER_SCHEMA2, List.of(Layer.plain(layer.blob())));
    }
  }

  @AfterAll
  static void stopRegistries() throws IOException {
    if (plain != null) {
      plain.close();
    }
    if (tls != null) {
      tls.close();
    }
  }

  /** {@code registry.test:PORT}: the registry under the name only the proxy resolves. */
  private static String proxiedAuthority(RegistrySetup setup) {
    String authority = setup.authority();
    return ForwardProxy.REGISTRY_HOST + authority.substring(authority.lastIndexOf(':'));
  }

  private List<String> singleFile(RegistrySetup setup, Path output, String... extra) {
    List<String> args =
        new ArrayList<>(
            Downloads.args(
                setup,
                proxiedAuthority(setup) + "/proxied/app:v1",
                layer.blobDigest(),
                "/" + FILE,
                output,
                extra));
    if (setup.isTls()) {
      args.add("--insecure"); // the certificate names 127.0.0.1 and localhost only
    }
    return args;
  }

  private static List<String> wholeImage(RegistrySetup setup, Path output) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--image", proxiedAuthority(setup) + "/proxied/app:v1", "--output", output.toString()));
    args.addAll(setup.transportOptions());
    if (setup.isTls()) {
      args.add("--insecure");
    }
    return args;
  }

  private static String variable(RegistrySetup setup) {
    return setup.isTls() ? "HTTPS_PROXY" : "HTTP_PROXY";
  }

  private void assertDownloaded(Path output) throws IOException {
    assertFile(
        output.resolve("setuid-04755.sh"),
        Fixtures.expected("legacy-stargz", FILE).sha256(),
        "rwxr-xr-x");
  }

  /** Every request went to the registry, as a CONNECT tunnel for HTTPS, with or without login. */
  private static void assertAllThroughProxy(
      ForwardProxy proxy, RegistrySetup setup, boolean authenticated, CliRunner.Result result)
      throws InterruptedException {
    List<ForwardProxy.Request> requests = proxy.requests();
    assertFalse(requests.isEmpty(), "the proxy saw no request\n" + result.output());
    for (ForwardProxy.Request request : requests) {
      assertEquals(proxiedAuthority(setup), request.target(), requests + "\n" + result.output());
      assertEquals(setup.isTls() ? "CONNECT" : "GET", request.method(), requests.toString());
      assertEquals(authenticated, request.authenticated(), requests.toString());
    }
  }

  private static void assertNoSecret(CliRunner.Result result, String secret) {
    assertFalse(
        result.output().contains(secret), "the proxy password was printed\n" + result.output());
  }

  @Test
  void plainHttp_singleFileAndWholeImage_goThroughHttpProxy() throws Exception {
    try (ForwardProxy proxy = ForwardProxy.open()) {
      Path one = temp.resolve("one");
      CliRunner.Result file =
          CliRunner.run(singleFile(plain, one), Map.of("HTTP_PROXY", proxy.url()));
      assertExit(0, file, plain);
      assertDownloaded(one);
      assertAllThroughProxy(proxy, plain, false, file);

      proxy.clear();
      Path rootfs = temp.resolve("rootfs");
      CliRunner.Result image =
          CliRunner.run(wholeImage(plain, rootfs), Map.of("http_proxy", proxy.url()));
      assertExit(0, image, plain);
      assertTrue(Files.isRegularFile(rootfs.resolve(FILE)), image.output());
      assertAllThroughProxy(proxy, plain, false, image);
    }
  }

  @Test
  void https_singleFileAndWholeImage_tunnelThroughHttpsProxy() throws Exception {
    try (ForwardProxy proxy = ForwardProxy.open()) {
      Path one = temp.resolve("one");
      // The proxy variable without a scheme means http://, as in Go.
      CliRunner.Result file =
          CliRunner.run(
              singleFile(tls, one),
              Map.of("HTTPS_PROXY", proxy.url().substring("http://".length())));
      assertExit(0, file, tls);
      assertDownloaded(one);
      assertAllThroughProxy(proxy, tls, false, file);

      proxy.clear();
      Path rootfs = temp.resolve("rootfs");
      CliRunner.Result image =
          CliRunner.run(wholeImage(tls, rootfs), Map.of("HTTPS_PROXY", proxy.url()));
      assertExit(0, image, tls);
      assertTrue(Files.isRegularFile(rootfs.resolve(FILE)), image.output());
      assertAllThroughProxy(proxy, tls, false, image);
    }
  }

  @Test
  void proxyAuthentication_rightPassword_works_plainAndTunnelled() throws Exception {
    try (ForwardProxy proxy = ForwardProxy.requiringBasic(PROXY_USER, PROXY_PASSWORD)) {
      for (RegistrySetup setup : List.of(plain, tls)) {
        proxy.clear();
        Path output = temp.resolve("out-" + setup.name());
        CliRunner.Result result =
            CliRunner.run(
                singleFile(setup, output, "--verbose"),
                Map.of(variable(setup), proxy.url(PROXY_USER, PROXY_PASSWORD)));
        assertExit(0, result, setup);
        assertDownloaded(output);
        assertAllThroughProxy(proxy, setup, true, result);
        assertTrue(
            result.stderr().contains("http://" + PROXY_USER + ":****@127.0.0.1"),
            "--verbose names the proxy with its password masked\n" + result.output());
        assertNoSecret(result, PROXY_PASSWORD);
      }
    }
  }

  @Test
  void proxyAuthentication_wrongPassword_exits4_sayingTheProxyRefused() throws Exception {
    try (ForwardProxy proxy = ForwardProxy.requiringBasic(PROXY_USER, PROXY_PASSWORD)) {
      for (RegistrySetup setup : List.of(plain, tls)) {
        proxy.clear();
        Path output = temp.resolve("out-" + setup.name());
        CliRunner.Result result =
            CliRunner.run(
                singleFile(setup, output, "--verbose"),
                Map.of(variable(setup), proxy.url(PROXY_USER, WRONG_PASSWORD)));
        assertExit(4, result, setup);
        assertTrue(result.stderr().contains("proxy authentication failed"), result.output());
        assertTrue(result.stderr().contains("407"), result.output());
        assertTrue(result.stderr().contains(variable(setup)), result.output());
        assertNoSecret(result, WRONG_PASSWORD);
        assertFalse(Files.exists(output.resolve("setuid-04755.sh")), "nothing written");
        // A refusal is final: no request is repeated. (A download may start two at once, a
        // manifest and a layer's end: two tunnels at most.)
        List<ForwardProxy.Request> requests = proxy.requests();
        assertFalse(requests.isEmpty(), result.output());
        if (setup.isTls()) {
          assertTrue(requests.size() <= 2, "a refused tunnel was retried: " + requests);
        } else {
          assertEquals(
              requests.size(),
              requests.stream().map(r -> r.target() + r.path()).distinct().count(),
              "a refused request was repeated: " + requests + "\n" + result.output());
        }
        for (ForwardProxy.Request request : requests) {
          assertEquals(407, request.status(), requests.toString());
          assertTrue(request.sentCredentials(), "credentials were sent: " + requests);
        }
      }
    }
  }

  @Test
  void proxyAuthentication_noCredentials_exits4_namingTheVariable() throws Exception {
    try (ForwardProxy proxy = ForwardProxy.requiringBasic(PROXY_USER, PROXY_PASSWORD)) {
      Path output = temp.resolve("out");
      CliRunner.Result result =
          CliRunner.run(singleFile(tls, output), Map.of("HTTPS_PROXY", proxy.url()));
      assertExit(4, result, tls);
      assertTrue(
          result.stderr().contains("no user and password were given in HTTPS_PROXY"),
          result.output());
    }
  }

  @Test
  void noProxy_matchingTheRegistry_bypassesTheProxy() throws Exception {
    Path hosts = ForwardProxy.hostsFile(temp);
    try (ForwardProxy proxy = ForwardProxy.open()) {
      for (RegistrySetup setup : List.of(plain, tls)) {
        // registry.test itself for one, the domain suffix .test for the other
        String noProxy = setup.isTls() ? "example.com, .test" : ForwardProxy.REGISTRY_HOST;
        Path output = temp.resolve("out-" + setup.name());
        CliRunner.Result result =
            CliRunner.run(
                singleFile(setup, output),
                Map.of(
                    variable(setup),
                    proxy.url(),
                    "NO_PROXY",
                    noProxy,
                    "JAVA_OPTS",
                    "-Djdk.net.hosts.file=" + hosts));
        assertExit(0, result, setup);
        assertDownloaded(output);
      }
      assertEquals(List.of(), proxy.requests(), "the proxy saw requests");
    }
  }

  @Test
  void malformedProxyVariable_isAUsageError_withoutThePassword() {
    Path output = temp.resolve("out");
    CliRunner.Result result =
        CliRunner.run(
            singleFile(tls, output),
            Map.of("HTTPS_PROXY", "http://" + PROXY_USER + ":" + PROXY_PASSWORD + "@proxy:99999"));
    assertExit(2, result, tls);
    assertTrue(result.stderr().startsWith("error: invalid HTTPS_PROXY ("), result.output());
    assertTrue(result.stderr().contains(PROXY_USER + ":****@proxy:99999"), result.output());
    assertNoSecret(result, PROXY_PASSWORD);
  }
}
