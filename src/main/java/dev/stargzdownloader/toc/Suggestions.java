package dev.stargzdownloader.toc;

import dev.stargzdownloader.layer.PathNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Picks the existing names closest to a missing one, for "did you mean" hints. */
final class Suggestions {
  private Suggestions() {}

  /**
   * Up to {@code limit} names, closest first: names with the same base name in another directory,
   * then names within a small edit distance of the whole path.
   */
  static List<String> closest(String missing, Collection<String> names, int limit) {
    String base = PathNames.baseName(missing);
    int maxDistance = Math.max(2, missing.length() / 3);
    record Scored(String name, int score) {}
    List<Scored> scored = new ArrayList<>();
    for (String name : names) {
      if (name.isEmpty() || name.equals(missing)) {
        continue;
      }
      if (PathNames.baseName(name).equals(base)) {
        scored.add(new Scored(name, -1));
        continue;
      }
      if (Math.abs(name.length() - missing.length()) > maxDistance) {
        continue;
      }
      int d = distance(missing, name, maxDistance);
      if (d <= maxDistance) {
        scored.add(new Scored(name, d));
      }
    }
    scored.sort(Comparator.comparingInt(Scored::score).thenComparing(Scored::name));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(limit, scored.size()); i++) {
      out.add(scored.get(i).name());
    }
    return out;
  }

  /**
   * Levenshtein distance, giving up (returning {@code cap + 1}) once it must exceed {@code cap}.
   */
  static int distance(String a, String b, int cap) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      int rowMin = cur[0];
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        rowMin = Math.min(rowMin, cur[j]);
      }
      if (rowMin > cap) {
        return cap + 1;
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
