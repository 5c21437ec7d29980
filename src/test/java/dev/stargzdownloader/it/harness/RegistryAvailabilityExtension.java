package dev.stargzdownloader.it.harness;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Applies {@link RegistryAvailability} before a test class starts any registry: its tests are
 * skipped, each with the reason (a skipped class would otherwise vanish from the reports), or the
 * class fails on CI.
 */
public final class RegistryAvailabilityExtension implements ExecutionCondition, BeforeAllCallback {
  private static RegistryAvailability.Decision decision() {
    return RegistryAvailability.decide(
        RegistryAvailability.locateBinary().isPresent(), System.getenv("CI"));
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    RegistryAvailability.Decision decision = decision();
    if (decision == RegistryAvailability.Decision.SKIP) {
      return ConditionEvaluationResult.disabled(RegistryAvailability.missingMessage(decision));
    }
    return ConditionEvaluationResult.enabled("registry tests may run");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    RegistryAvailability.Decision decision = decision();
    if (decision == RegistryAvailability.Decision.FAIL) {
      Assertions.fail(RegistryAvailability.missingMessage(decision));
    }
  }
}
