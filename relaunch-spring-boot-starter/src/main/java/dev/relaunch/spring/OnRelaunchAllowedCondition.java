package dev.relaunch.spring;

import dev.relaunch.spring.internal.Gate;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when relaunch may exist in this process ({@link Gate}): {@code APP_ENV} is {@code development} or
 * {@code testing} and {@code relaunch.enabled} is not {@code false}. When it does not match, the starter registers
 * nothing, so every path under its base path is the app's own (404 unless the app maps it).
 */
class OnRelaunchAllowedCondition extends SpringBootCondition {
    private static final Logger log = LoggerFactory.getLogger(OnRelaunchAllowedCondition.class);

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment env = context.getEnvironment();
        boolean enabled = env.getProperty("relaunch.enabled", Boolean.class, true);
        Path envFile = Path.of(env.getProperty("relaunch.env-file", ".env"));
        Optional<String> off = Gate.offReason(enabled, envFile);
        if (off.isPresent()) {
            log.info("relaunch is off: {}", off.get());
            return ConditionOutcome.noMatch("relaunch is off: " + off.get());
        }
        return ConditionOutcome.match("relaunch is on (APP_ENV allows it)");
    }
}
