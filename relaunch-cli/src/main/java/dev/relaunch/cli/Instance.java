package dev.relaunch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relaunch.config.ConfigLoader;
import dev.relaunch.config.Setting;
import dev.relaunch.control.ControlClient;
import dev.relaunch.control.ControlException;
import dev.relaunch.control.SocketPaths;
import dev.relaunch.platform.Platform;
import dev.relaunch.platform.Platforms;
import dev.relaunch.process.Liveness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a relaunch instance's runtime files are, found even when {@code .env} is invalid (so {@code stop} and
 * {@code status} still work after a bad edit), and how to reach it.
 */
final class Instance {
    final Path instanceDir;
    final Path socket;
    final ConfigLoader.Loaded loaded;

    private Instance(Path instanceDir, ConfigLoader.Loaded loaded) {
        this.instanceDir = instanceDir;
        this.socket = SocketPaths.forInstance(instanceDir);
        this.loaded = loaded;
    }

    static Instance of(CommonOptions common) {
        ConfigLoader.Loaded loaded = common.load();
        Path base = common.envPath().getParent();
        Path dir = loaded.config().map(c -> c.instanceDir()).orElseGet(() -> {
            String v = loaded.settings().stream().filter(s -> s.key().equals("INSTANCE_DIR"))
                    .map(Setting::value).findFirst().orElse("instance");
            try {
                return base.resolve(v.trim()).toAbsolutePath().normalize();
            } catch (RuntimeException e) {
                return base.resolve("instance");
            }
        });
        return new Instance(dir, loaded);
    }

    /** The answer of the control socket, or empty when nothing answers. */
    Optional<JsonNode> call(Map<String, ?> request, Duration timeout) throws ControlException {
        try {
            return Optional.of(ControlClient.call(socket, request, timeout));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The PID in a PID file when it still names the process that wrote it: alive, Java, and started before the file
     * was written. A process that started later got the PID by reuse (PIDs wrap around, at 32768 on many Linux
     * systems) and is someone else's, so it is never signalled on the strength of this file.
     */
    OptionalLong ownPidFromFile(String name) {
        OptionalLong pid = pidFile(name);
        if (pid.isEmpty() || !Liveness.isRunning(pid.getAsLong()) || !isJava(pid.getAsLong())) {
            return OptionalLong.empty();
        }
        try {
            Instant written = Files.getLastModifiedTime(instanceDir.resolve(name)).toInstant();
            Optional<Instant> started = ProcessHandle.of(pid.getAsLong()).flatMap(h -> h.info().startInstant());
            if (started.isPresent() && started.get().isAfter(written.plusSeconds(1))) {
                return OptionalLong.empty();
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return pid;
    }

    /**
     * Whether {@code pid} works in this instance's project folder, where the supervisor runs every server. Where the
     * platform cannot tell a process's working folder (for this process either), this counts as yes.
     */
    boolean worksHere(long pid) {
        Platform platform = Platforms.current();
        Path base = loaded.file().path().toAbsolutePath().getParent();
        if (platform.workingDirectory(ProcessHandle.current().pid()).isEmpty() || base == null) {
            return true;
        }
        try {
            Optional<Path> cwd = platform.workingDirectory(pid);
            return cwd.isPresent() && Files.isSameFile(cwd.get(), base.toRealPath());
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    OptionalLong pidFile(String name) {
        try {
            String t = Files.readString(instanceDir.resolve(name)).trim();
            return t.matches("[0-9]{1,10}") ? OptionalLong.of(Long.parseLong(t)) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    Optional<String> stateFile() {
        try {
            return Optional.of(Files.readString(instanceDir.resolve("supervisor.state.json")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The configured URL, when the configuration is valid. */
    Optional<String> url() {
        return loaded.config().map(c -> c.url(c.port()));
    }

    /** GETs the health endpoint of the configured URL; empty when nothing answers within a second. */
    Optional<JsonNode> health() {
        Optional<String> url = url();
        if (url.isEmpty()) {
            return Optional.empty();
        }
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url.get() + "/api/v1/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(CommonOptions.mapper().readTree(r.body()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Only a Java process may be signalled on the strength of a PID file: PIDs get reused. */
    static boolean isJava(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().command())
                .map(Platforms.current()::isJavaLauncher).orElse(false);
    }
}
