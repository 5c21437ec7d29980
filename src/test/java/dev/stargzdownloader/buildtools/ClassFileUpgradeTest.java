package dev.stargzdownloader.buildtools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ClassFileUpgradeTest {
  private static byte[] classFile(Class<?> type) throws IOException {
    String resource = "/" + type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }

  @Test
  void picocli_shipsClassFilesOlderThanJava6() throws IOException {
    assertTrue(ClassFileUpgrade.majorVersion(classFile(CommandLine.class)) < 50);
  }

  @Test
  void upgradedClass_isJava8_andLoadsAndRuns() throws Exception {
    byte[] upgraded =
        ClassFileUpgrade.upgrade(
            classFile(CommandLine.Range.class), CommandLine.class.getClassLoader());
    assertEquals(52, ClassFileUpgrade.majorVersion(upgraded));
    // Defined on its own in a child loader, the upgraded class must pass the JVM's verifier.
    ClassLoader child =
        new ClassLoader(CommandLine.class.getClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.equals(CommandLine.Range.class.getName())) {
              synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : defineClass(name, upgraded, 0, upgraded.length);
              }
            }
            return super.loadClass(name, resolve);
          }
        };
    Class<?> range = Class.forName(CommandLine.Range.class.getName(), true, child);
    Object parsed = range.getMethod("valueOf", String.class).invoke(null, "1..3");
    assertEquals("1..3", parsed.toString());
  }
}
