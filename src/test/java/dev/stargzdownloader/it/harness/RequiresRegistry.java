package dev.stargzdownloader.it.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that starts real registries: it is skipped when {@code docker-registry} is
 * missing, or fails when {@code CI=true} (see {@link RegistryAvailability}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RegistryAvailabilityExtension.class)
public @interface RequiresRegistry {}
