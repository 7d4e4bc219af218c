package dev.relaunch.watch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code --watch} watches by default: for {@code java -cp …} (or {@code CLASSPATH}) the folders on the class
 * path (the app's compiled classes; jars are dependencies); for {@code java -jar X.jar}, that jar; for the source
 * launcher ({@code java App.java}), that file; for the built-in server, its own class path (relaunch's jar); always
 * the {@code .env} file. {@code --watch-path} adds files and folders.
 */
public final class WatchTargets {
    private WatchTargets() {}

    /**
     * @param command        the user's command; empty for the built-in server
     * @param ownClassPath   the built-in server's class path (absolute entries)
     * @param classPathEnv   {@code CLASSPATH} as the app will see it; may be null
     * @param workDir        the folder the app runs in; relative paths are resolved against it
     * @return absolute, normalised paths, without duplicates
     */
    public static List<Path> defaults(List<String> command, String ownClassPath, String classPathEnv, Path envFile,
                                      Path workDir) {
        Set<Path> out = new LinkedHashSet<>();
        if (command.isEmpty()) {
            JavaCommand.entries(ownClassPath).forEach(e -> out.add(workDir.resolve(e).normalize()));
        } else {
            JavaCommand java = JavaCommand.parse(command);
            if (java.jar().isPresent()) {
                out.add(workDir.resolve(java.jar().get()).normalize());
            } else if (java.sourceFile().isPresent()) {
                out.add(workDir.resolve(java.sourceFile().get()).normalize());
            }
            String cp = java.classPath().orElse(java.jar().isEmpty() && java.sourceFile().isEmpty()
                    ? classPathEnv : null);
            if (cp != null) {
                for (String e : JavaCommand.entries(cp)) {
                    Path p = workDir.resolve(e).normalize();
                    if (!e.endsWith("*") && Files.isDirectory(p)) {
                        out.add(p);
                    }
                }
            }
        }
        out.add(envFile.toAbsolutePath().normalize());
        return new ArrayList<>(out);
    }

    /** How a watched path is shown: relative to the app's folder when inside it. */
    public static String display(Path p, Path workDir) {
        return p.startsWith(workDir) && !p.equals(workDir) ? workDir.relativize(p).toString() : p.toString();
    }
}
