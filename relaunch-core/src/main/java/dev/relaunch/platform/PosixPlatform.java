package dev.relaunch.platform;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * What Unix-like systems share: {@code setsid} and {@code nice} where installed, {@code /dev/null}, and SIGTERM as the
 * request to stop (the JVM runs its shutdown hooks on it). Without a {@code /proc} file system nothing more is known
 * about other processes than {@link ProcessHandle} says.
 */
abstract class PosixPlatform implements Platform {
    static final Path SETSID = Path.of("/usr/bin/setsid");
    static final Path NICE = Path.of("/usr/bin/nice");

    /** Whether a program is installed at a path; a parameter so that tests decide what exists. */
    final Predicate<Path> installed;

    PosixPlatform(Predicate<Path> installed) {
        this.installed = installed;
    }

    PosixPlatform() {
        this(Files::isExecutable);
    }

    @Override
    public List<String> sessionPrefix() {
        return installed.test(SETSID) ? List.of(SETSID.toString()) : List.of();
    }

    @Override
    public List<String> lowPriorityPrefix() {
        return installed.test(NICE) ? List.of(NICE.toString(), "-n", "10") : List.of();
    }

    @Override
    public String childJavaLauncher(String thisJavaLauncher) {
        return thisJavaLauncher;
    }

    @Override
    public boolean isJavaLauncher(String command) {
        return command.equals("java") || command.endsWith("/java");
    }

    @Override
    public File nullDevice() {
        return new File("/dev/null");
    }

    @Override
    public boolean requestStop(ProcessHandle process) {
        process.destroy(); // SIGTERM
        return true;
    }

    @Override
    public boolean stopSignalDrains() {
        return true;
    }
}
