package dev.relaunch.platform;

import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Windows 10 and later. Java can neither pass a listening socket to another process here nor bind one port twice
 * ({@code SO_REUSEPORT}), so every restart is stop-then-start, after the new configuration has been checked, and says
 * so. Children run under {@code javaw.exe}: no console window opens, and a Ctrl-C in the supervisor's console does not
 * reach them. A console-less JVM receives no signal it could turn into a graceful stop (the JDK's
 * {@link ProcessHandle#destroy()} is {@code TerminateProcess}): a supervised child with relaunch's plugin or starter
 * is asked to drain over the control socket instead, and any other process is ended at once; that one process only,
 * never its tree as {@code taskkill /T} would, which would also end a successor the process started.
 * Nothing beyond {@link ProcessHandle} is known about other processes: Windows has no zombies, so
 * {@link ProcessHandle#isAlive()} is exact. Not tested here (no Windows machine); the GitHub Actions workflow runs
 * the unit tests on Windows, and the roadmap has a manual checklist.
 */
public final class WindowsPlatform implements Platform {
    @Override
    public String name() {
        return "Windows";
    }

    @Override
    public List<String> sessionPrefix() {
        return List.of();
    }

    @Override
    public List<String> lowPriorityPrefix() {
        return List.of();
    }

    @Override
    public String childJavaLauncher(String thisJavaLauncher) {
        String name = fileName(thisJavaLauncher);
        return name.equals("java.exe") || name.equals("java")
                ? thisJavaLauncher.substring(0, thisJavaLauncher.length() - name.length()) + "javaw.exe"
                : thisJavaLauncher;
    }

    @Override
    public boolean isJavaLauncher(String command) {
        String name = fileName(command);
        return name.equals("java.exe") || name.equals("javaw.exe");
    }

    /** The last part of a path, lower case (Windows file names ignore case). */
    private static String fileName(String path) {
        int sep = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
        return path.substring(sep + 1).toLowerCase(Locale.ROOT);
    }

    @Override
    public File nullDevice() {
        return new File("NUL");
    }

    @Override
    public boolean requestStop(ProcessHandle process) {
        return false;
    }

    @Override
    public boolean stopSignalDrains() {
        return false;
    }

    @Override
    public PortSharing portSharing() {
        return PortSharing.NONE;
    }

    @Override
    public Optional<String> outageReason() {
        return Optional.of("this platform cannot hand over the port");
    }
}
