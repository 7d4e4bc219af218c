package dev.relaunch.testing;

import dev.relaunch.config.AppEnv;
import dev.relaunch.config.Config;
import dev.relaunch.config.Setting;
import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failure injection for tests and the benchmark, active only with {@code APP_ENV=testing}: a slow endpoint, a
 * server that crashes or hangs during start-up ({@code TEST_STARTUP_FAILURE=crash|hang}), or crashes some time
 * after it became ready ({@code TEST_CRASH_AFTER_MS}). Read from {@code .env} like any setting.
 */
public final class TestHooks {
    private static final Logger log = LoggerFactory.getLogger(TestHooks.class);
    private static final long MAX_SLEEP_MS = 30_000;

    private final boolean active;
    private final List<Setting> settings;

    public TestHooks(Config config, List<Setting> settings) {
        this.active = config.appEnv() == AppEnv.TESTING;
        this.settings = settings;
    }

    private Optional<String> value(String key) {
        return active ? settings.stream().filter(s -> s.key().equals(key)).map(Setting::value).findFirst()
                : Optional.empty();
    }

    /** Called after the configuration is read, before binding. May exit or never return. */
    public void beforeStart() {
        String mode = value("TEST_STARTUP_FAILURE").orElse("");
        if (mode.equals("crash")) {
            log.error("error: TEST_STARTUP_FAILURE=crash: simulating a crash during start-up");
            System.exit(1);
        }
        if (mode.equals("hang")) {
            log.warn("TEST_STARTUP_FAILURE=hang: never becoming ready");
            while (true) {
                LockSupport.park();
            }
        }
    }

    /** Called once serving. */
    public void afterReady() {
        value("TEST_CRASH_AFTER_MS").filter(v -> v.matches("[0-9]{1,7}")).ifPresent(v -> {
            Thread t = new Thread(() -> {
                LockSupport.parkNanos(Long.parseLong(v) * 1_000_000L);
                log.error("TEST_CRASH_AFTER_MS={}: simulating a crash", v);
                Runtime.getRuntime().halt(70);
            }, "test-crash");
            t.setDaemon(true);
            t.start();
        });
    }

    /** {@code GET /api/v1/test/sleep?ms=N}: answers after N ms (at most 30 s); testing only. */
    public void register(RoutesConfig routes) {
        if (!active) {
            return;
        }
        routes.get("/api/v1/test/sleep", ctx -> {
            String ms = ctx.queryParam("ms");
            long wait = ms != null && ms.matches("[0-9]{1,6}") ? Math.min(MAX_SLEEP_MS, Long.parseLong(ms)) : 1000;
            LockSupport.parkNanos(wait * 1_000_000L);
            ctx.json(java.util.Map.of("slept_ms", wait, "pid", ProcessHandle.current().pid()));
        });
    }
}
