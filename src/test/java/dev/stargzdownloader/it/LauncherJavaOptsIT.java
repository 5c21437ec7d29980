package dev.stargzdownloader.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.it.harness.CliRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM command line the built launcher makes, seen through a fake {@code java} (under a fake
 * {@code JAVA_HOME} that says it is Java 17) that prints its arguments one per line: {@code
 * JAVA_OPTS} comes after the launcher's own options instead of replacing them.
 */
class LauncherJavaOptsIT {
  private static final String DEFAULT_OPTION = "-XX:+UseSerialGC";

  @TempDir Path temp;
  private Path javaHome;

  @BeforeEach
  void fakeJava() throws IOException {
    javaHome = temp.resolve("fake-jdk");
    Path bin = Files.createDirectories(javaHome.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(javaHome.resolve("release"), "JAVA_VERSION=\"17.0.9\"\n");
  }

  private List<String> javaArguments(Map<String, String> environment) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(CliRunner.launcher().toAbsolutePath().toString(), "--version");
    builder.directory(temp.toFile());
    builder.environment().remove("JAVA_OPTS");
    builder.environment().remove("STARGZ_JAVA_DEFAULTS");
    builder.environment().put("JAVA_HOME", javaHome.toString());
    builder.environment().put("STARGZ_CLASS_ARCHIVE", "off");
    builder.environment().putAll(environment);
    Path out = temp.resolve("out");
    Process process = builder.redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the launcher did not finish");
    String printed = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), printed);
    return printed.lines().toList();
  }

  @Test
  void withoutJavaOpts_theDefaultsAreUsed() throws Exception {
    List<String> args = javaArguments(Map.of());
    assertTrue(args.contains(DEFAULT_OPTION), args.toString());
    assertTrue(args.contains("-Djdk.httpclient.bufsize=65536"), "Java 17 default: " + args);
    assertEquals("--version", args.get(args.size() - 1), args.toString());
    assertEquals("-jar", args.get(args.size() - 3), args.toString());
  }

  @Test
  void javaOpts_addToTheDefaults_andComeAfterThem() throws Exception {
    List<String> args = javaArguments(Map.of("JAVA_OPTS", "-Dfoo=bar -Xms16m"));
    assertTrue(args.contains(DEFAULT_OPTION), "the defaults stay: " + args);
    assertTrue(args.contains("-Dfoo=bar"), args.toString());
    // The JVM takes the last value of an option: JAVA_OPTS overrides the default -Xms8m.
    assertTrue(args.indexOf("-Xms16m") > args.indexOf("-Xms8m"), args.toString());
    assertTrue(args.indexOf("-Xms16m") < args.indexOf("-jar"), args.toString());
  }

  @Test
  void javaOpts_areNotGlobExpanded() throws Exception {
    Files.writeString(temp.resolve("-Dx=a"), ""); // what the pattern would match in the directory
    List<String> args = javaArguments(Map.of("JAVA_OPTS", "-Dx=*"));
    assertTrue(args.contains("-Dx=*"), args.toString());
  }

  @Test
  void defaultsOff_leavesOnlyJavaOpts() throws Exception {
    List<String> args =
        javaArguments(Map.of("JAVA_OPTS", "-XX:+UseG1GC", "STARGZ_JAVA_DEFAULTS", "off"));
    assertFalse(args.contains(DEFAULT_OPTION), args.toString());
    assertEquals("-XX:+UseG1GC", args.get(0), args.toString());
  }
}
