package dev.stargzdownloader.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.it.harness.RegistryAvailability.Decision;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryAvailabilityTest {
  @TempDir Path temp;

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "true, null, RUN",
        "true, true, RUN",
        "true, false, RUN",
        "false, null, SKIP",
        "false, false, SKIP",
        "false, '', SKIP",
        "false, 1, SKIP",
        "false, true, FAIL",
        "false, TRUE, FAIL",
        "false, ' true ', FAIL"
      })
  void decide(boolean found, String ci, Decision expected) {
    assertEquals(expected, RegistryAvailability.decide(found, ci));
  }

  @Test
  void messagesNameTheInstallCommand() {
    assertTrue(
        RegistryAvailability.missingMessage(Decision.SKIP)
            .contains("apt-get install docker-registry"));
    assertTrue(RegistryAvailability.missingMessage(Decision.FAIL).contains("CI=true"));
  }

  @Test
  void locateBinary_findsAnExecutableOnThePath() throws Exception {
    Path dir = Files.createDirectory(temp.resolve("bin"));
    Path binary = Files.createFile(dir.resolve("docker-registry"));
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals(
        binary,
        RegistryAvailability.locateBinary(temp.resolve("empty") + File.pathSeparator + dir)
            .orElseThrow());
  }
}
