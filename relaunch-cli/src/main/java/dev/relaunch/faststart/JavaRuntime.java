package dev.relaunch.faststart;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java a command names, read from its installation's {@code release} file (no process started): its feature
 * version decides which class-data sharing it offers, and its full version belongs to an archive's key.
 *
 * @param home    the installation folder
 * @param feature the feature version (17, 21, 25, …)
 * @param version the full version as the {@code release} file states it
 */
public record JavaRuntime(Path home, int feature, String version) {
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"");
    private static final Pattern RUNTIME_VERSION = Pattern.compile("(?m)^JAVA_RUNTIME_VERSION=\"([^\"]+)\"");

    /**
     * The Java of {@code executable} ({@code java}, found on {@code PATH}, or a path to it, symbolic links followed).
     *
     * @throws JavaCommand.Unsupported when it cannot be found or its version cannot be read
     */
    public static JavaRuntime of(String executable, Path workDir) throws JavaCommand.Unsupported {
        Path java = locate(executable, workDir).orElseThrow(
                () -> new JavaCommand.Unsupported("cannot find " + executable + " on PATH"));
        try {
            Path home = java.toRealPath().getParent().getParent();
            String release = Files.readString(home.resolve("release"));
            Matcher m = VERSION.matcher(release);
            if (!m.find()) {
                throw new JavaCommand.Unsupported(home.resolve("release") + " states no JAVA_VERSION");
            }
            Matcher full = RUNTIME_VERSION.matcher(release);
            return new JavaRuntime(home, feature(m.group(1)), full.find() ? full.group(1) : m.group(1));
        } catch (IOException | RuntimeException e) {
            throw new JavaCommand.Unsupported("cannot read the version of " + java + " (" + e.getMessage() + ")");
        }
    }

    static int feature(String version) {
        String[] parts = version.split("[.+-]");
        int first = Integer.parseInt(parts[0]);
        return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
    }

    private static Optional<Path> locate(String executable, Path workDir) {
        if (executable.contains("/") || executable.contains(File.separator)) {
            Path p = workDir.resolve(executable);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir).resolve(executable);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
