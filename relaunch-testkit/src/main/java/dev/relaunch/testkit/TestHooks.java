package dev.relaunch.testkit;

import dev.relaunch.config.AppEnv;
import dev.relaunch.javalin.spi.ExtensionContext;
import dev.relaunch.javalin.spi.RelaunchExtension;
import dev.relaunch.web.JsonReply;
import dev.relaunch.web.Mount;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failure injection for relaunch's own tests and benchmark, active only with {@code APP_ENV=testing} and only when
 * this jar is on the server's class path (never in a product build): a slow endpoint
 * ({@code GET {base}/api/v1/test/sleep?ms=N}), a server that crashes or hangs during start-up
 * ({@code TEST_STARTUP_FAILURE=crash|hang}), takes long to start ({@code TEST_STARTUP_DELAY_MS}, at most 30 s), or
 * crashes some time after it became ready ({@code TEST_CRASH_AFTER_MS}).
 * Read from {@code .env} like any setting.
 */
public final class TestHooks implements RelaunchExtension {
    private static final Logger log = LoggerFactory.getLogger(TestHooks.class);
    private final AtomicInteger sleeping = new AtomicInteger();
    private static final long MAX_SLEEP_MS = 30_000;

    private static Optional<String> value(ExtensionContext context, String key) {
        return context.appEnv() == AppEnv.TESTING ? Optional.ofNullable(context.settings().get(key))
                : Optional.empty();
    }

    @Override
    public void beforeStart(ExtensionContext context) {
        String mode = value(context, "TEST_STARTUP_FAILURE").orElse("");
        if (mode.equals("crash")) {
            log.error("error: TEST_STARTUP_FAILURE=crash: simulating a crash during start-up");
            context.exit().halt(1, "TEST_STARTUP_FAILURE=crash");
        }
        value(context, "TEST_STARTUP_DELAY_MS").filter(v -> v.matches("[0-9]{1,5}")).ifPresent(v -> {
            log.info("TEST_STARTUP_DELAY_MS={}: starting slowly", v);
            LockSupport.parkNanos(Math.min(MAX_SLEEP_MS, Long.parseLong(v)) * 1_000_000L);
        });
        if (mode.equals("hang")) {
            log.warn("TEST_STARTUP_FAILURE=hang: never becoming ready");
            while (true) {
                LockSupport.park();
            }
        }
    }

    @Override
    public void serving(ExtensionContext context) {
        value(context, "TEST_CRASH_AFTER_MS").filter(v -> v.matches("[0-9]{1,7}")).ifPresent(v -> {
            Thread t = new Thread(() -> {
                LockSupport.parkNanos(Long.parseLong(v) * 1_000_000L);
                log.error("TEST_CRASH_AFTER_MS={}: simulating a crash", v);
                context.exit().halt(70, "TEST_CRASH_AFTER_MS");
            }, "test-crash");
            t.setDaemon(true);
            t.start();
        });
    }

    @Override
    public void routes(Mount routes, ExtensionContext context) {
        if (context.appEnv() != AppEnv.TESTING) {
            return;
        }
        routes.get("/api/v1/test/sleep", ctx -> {
            String ms = ctx.queryParam("ms");
            long wait = ms != null && ms.matches("[0-9]{1,6}") ? Math.min(MAX_SLEEP_MS, Long.parseLong(ms)) : 1000;
            sleeping.incrementAndGet();
            try {
                LockSupport.parkNanos(wait * 1_000_000L);
            } finally {
                sleeping.decrementAndGet();
            }
            JsonReply.send(ctx, 200, Map.of("slept_ms", wait, "pid", ProcessHandle.current().pid()));
        });
        // how many sleep requests this process is serving now: a test waits for its request to be in progress
        routes.get("/api/v1/test/sleeping", ctx -> JsonReply.send(ctx, 200, Map.of("sleeping", sleeping.get(),
                "pid", ProcessHandle.current().pid())));
    }
}
