package dev.stargzdownloader.it.harness;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Applies {@link RegistryAvailability} before a test class starts any registry. */
public final class RegistryAvailabilityExtension implements BeforeAllCallback {
  @Override
  public void beforeAll(ExtensionContext context) {
    RegistryAvailability.Decision decision =
        RegistryAvailability.decide(
            RegistryAvailability.locateBinary().isPresent(), System.getenv("CI"));
    switch (decision) {
      case RUN -> {}
      case SKIP -> Assumptions.abort(RegistryAvailability.missingMessage(decision));
      case FAIL -> Assertions.fail(RegistryAvailability.missingMessage(decision));
    }
  }
}
