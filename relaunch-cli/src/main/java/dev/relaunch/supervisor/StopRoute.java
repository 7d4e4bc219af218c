package dev.relaunch.supervisor;

import dev.relaunch.platform.Platform;
import java.util.Locale;
import java.util.Map;

/**
 * How the supervisor asks one child to drain and exit. Decided per stop from what the platform can do and whether
 * the child listens for the supervisor's word ({@code await_stop}, sent by relaunch's plugin and starter once ready).
 */
enum StopRoute {
    /** The platform's request (SIGTERM), to the child and each descendant: the JVM drains in its shutdown hooks. */
    SIGNAL,
    /** The answer to the child's {@code await_stop}: it drains and exits as on SIGTERM, with no signal sent. */
    WORD,
    /** Ended at once: the platform has no request a JVM drains on, and the child does not listen for the word. */
    KILL;

    /**
     * {@code RELAUNCH_STOP=word} in the supervisor's environment: children that listen are asked by word even where
     * a signal would do (to run the Windows way on any system).
     */
    static final String FORCE_ENV = "RELAUNCH_STOP";

    static boolean wordForced(Map<String, String> env) {
        return "word".equals(env.getOrDefault(FORCE_ENV, "").strip().toLowerCase(Locale.ROOT));
    }

    /**
     * The word where the child listens and the platform's signal cannot drain it (or the word is forced); else the
     * signal where it drains; else nothing but ending it. A child whose control connection broke no longer listens,
     * so it still gets the signal where there is one.
     */
    static StopRoute choose(Platform platform, boolean wordForced, boolean listens) {
        if (listens && (wordForced || !platform.stopSignalDrains())) {
            return WORD;
        }
        return platform.stopSignalDrains() ? SIGNAL : KILL;
    }
}
