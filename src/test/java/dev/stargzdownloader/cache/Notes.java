package dev.stargzdownloader.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Collects a cache's notes, from any thread, for assertions. */
final class Notes implements Consumer<String> {
  private final List<String> lines = new ArrayList<>();

  @Override
  public synchronized void accept(String line) {
    lines.add(line);
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  synchronized void clear() {
    lines.clear();
  }
}
