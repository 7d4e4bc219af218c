package dev.relaunch.spring.internal;

import dev.relaunch.javalin.RelaunchSetup;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether relaunch may exist in this process: the rule of the whole project ({@code APP_ENV} from the environment,
 * else from the app's {@code .env}, is {@code development} or {@code testing}, and relaunch's own keys are valid),
 * plus {@code relaunch.enabled}.
 */
public final class Gate {
    private Gate() {}

    /** Empty when relaunch is on; else why it is off, for the log and Spring's conditions report. */
    public static Optional<String> offReason(boolean enabled, Path envFile) {
        if (!enabled) {
            return Optional.of("relaunch.enabled=false");
        }
        return RelaunchSetup.forApp(envFile, null).disabledReason();
    }
}
