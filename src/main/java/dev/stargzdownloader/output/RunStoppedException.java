package dev.stargzdownloader.output;

import java.io.IOException;

/** The run is being stopped by a signal; nothing more is moved into place. */
public final class RunStoppedException extends IOException {
  private static final long serialVersionUID = 1L;

  public RunStoppedException() {
    super("the run was stopped");
  }
}
