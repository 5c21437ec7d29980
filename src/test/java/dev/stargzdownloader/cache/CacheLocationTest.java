package dev.stargzdownloader.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheLocationTest {
  private static final Optional<Path> HOME = Optional.of(Path.of("/home/ada"));
  private static final Optional<Path> IN_HOME =
      Optional.of(Path.of("/home/ada/.cache/stargz-downloader"));

  @Test
  void absoluteXdgCacheHome_isUsed() {
    assertEquals(
        Optional.of(Path.of("/var/cache/ada/stargz-downloader")),
        CacheLocation.resolve(Map.of("XDG_CACHE_HOME", "/var/cache/ada"), HOME));
  }

  @Test
  void absoluteXdgCacheHome_isUsedWithoutAHome() {
    assertEquals(
        Optional.of(Path.of("/xdg/stargz-downloader")),
        CacheLocation.resolve(Map.of("XDG_CACHE_HOME", "/xdg"), Optional.empty()));
  }

  @Test
  void relativeXdgCacheHome_isIgnoredAsTheSpecificationSays() {
    assertEquals(IN_HOME, CacheLocation.resolve(Map.of("XDG_CACHE_HOME", "cache"), HOME));
    assertEquals(IN_HOME, CacheLocation.resolve(Map.of("XDG_CACHE_HOME", "./cache"), HOME));
  }

  @Test
  void emptyXdgCacheHome_isIgnored() {
    assertEquals(IN_HOME, CacheLocation.resolve(Map.of("XDG_CACHE_HOME", ""), HOME));
  }

  @Test
  void withoutXdgCacheHome_theHomeIsUsed() {
    assertEquals(IN_HOME, CacheLocation.resolve(Map.of("HOME", "/elsewhere"), HOME));
  }

  @Test
  void withNeither_thereIsNoLocation() {
    assertEquals(Optional.empty(), CacheLocation.resolve(Map.of(), Optional.empty()));
    assertEquals(
        Optional.empty(),
        CacheLocation.resolve(Map.of("XDG_CACHE_HOME", "relative"), Optional.empty()));
  }

  @Test
  void relativeHome_givesNoLocation() {
    assertEquals(
        Optional.empty(), CacheLocation.resolve(Map.of(), Optional.of(Path.of("somewhere"))));
    assertEquals(Optional.empty(), CacheLocation.resolve(Map.of(), Optional.of(Path.of(""))));
  }

  @Test
  void currentUser_hasAnAbsoluteLocationEndingInTheToolsName() {
    Optional<Path> location = CacheLocation.forCurrentUser();
    location.ifPresent(
        p -> {
          assertTrue(p.isAbsolute(), p.toString());
          assertEquals("stargz-downloader", p.getFileName().toString());
        });
  }
}
