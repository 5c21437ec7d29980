package dev.stargzdownloader.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README's "Limits" table names every constant of {@link Limits}, and only those. */
class LimitsDocumentedTest {
  @Test
  void everyLimitHasARowInTheReadme() throws IOException, IllegalAccessException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("\n## Limits\n");
    assertTrue(start >= 0, "README has no Limits section");
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    List<String> missing = new ArrayList<>();
    int constants = 0;
    for (Field field : Limits.class.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers()) || !Modifier.isPublic(field.getModifiers())) {
        continue;
      }
      constants++;
      if (!section.contains("`" + field.getName() + "`")) {
        missing.add(field.getName() + " = " + field.get(null));
      }
    }
    assertEquals(List.of(), missing, "constants without a row in README's Limits section");
    long rows = section.lines().filter(line -> line.startsWith("| `")).count();
    assertEquals(constants, rows, "one row per constant");
  }
}
