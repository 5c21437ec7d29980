package dev.stargzdownloader.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The process exit codes, one per kind of failure; {@code --help} and README list them. */
public enum ExitCode {
  OK(0, "success"),
  BUG(1, "internal error (a bug: please report it with --verbose output)"),
  USAGE(2, "usage error: a missing, malformed or conflicting option or setting"),
  NOT_FOUND(3, "not found: image, platform, layer, or file"),
  AUTH(4, "authentication or authorization failed"),
  REGISTRY(5, "registry unreachable, or failing after retries"),
  FORMAT(6, "malformed layer, TOC or chunk table, or an unsafe tar"),
  INTEGRITY(7, "digest or size mismatch"),
  OUTPUT(8, "cannot write the output: disk full, directory busy or not empty"),
  INTERRUPTED(130, "stopped by SIGINT (Ctrl-C); nothing was written"),
  TERMINATED(143, "stopped by SIGTERM; nothing was written");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  /** The table for picocli's exit code list, in code order. */
  static Map<String, String> helpList() {
    Map<String, String> table = new LinkedHashMap<>();
    for (ExitCode value : values()) {
      table.put("  " + value.code, value.meaning);
    }
    return table;
  }
}
