package dev.relaunch.web;

import java.time.Instant;

/** Facts about this server process that do not change while it runs. */
public record ServerInfo(long pid, Instant startedAt, String version, String javaVersion) {
    public static ServerInfo current(String version) {
        ProcessHandle self = ProcessHandle.current();
        Instant started = self.info().startInstant().orElse(Instant.now());
        return new ServerInfo(self.pid(), started, version, System.getProperty("java.version"));
    }
}
