package dev.relaunch.maven.build;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells the supervisor about each rebuild, so that it holds the restart its own watch of {@code target/classes} would
 * start while classes are half written, lets it go once the build succeeded, and keeps the old version serving (and
 * shows the error) when it failed: {@code {"cmd":"build","phase":"started"}}, then {@code "succeeded"} or
 * {@code {"phase":"failed","message":"<file:line: error>","log_tail":[…]}}. A supervisor that does not know these
 * requests is no error: the build goes on regardless.
 */
public final class BuildReporter {
    private final SupervisorLink link;

    public BuildReporter(SupervisorLink link) {
        this.link = link;
    }

    public void started() {
        link.send(Map.of("cmd", "build", "phase", "started"));
    }

    public void finished(BuildOutcome outcome) {
        if (outcome.succeeded()) {
            link.send(Map.of("cmd", "build", "phase", "succeeded"));
            return;
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("cmd", "build");
        request.put("phase", "failed");
        request.put("message", outcome.message());
        request.put("log_tail", outcome.errorLines());
        link.send(request);
    }
}
