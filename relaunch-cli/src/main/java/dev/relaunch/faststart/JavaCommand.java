package dev.relaunch.faststart;

import dev.relaunch.command.JavaSyntax;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A user's command of the one shape fast start rewrites: {@code java [JVM options] -cp <class path> <main class>
 * [args]}, with the app's class folders before its jars. {@link #parse} says why any other command is left as it is.
 *
 * @param java       the Java launcher as written ({@code java}, {@code /usr/lib/jvm/…/bin/java})
 * @param options    the JVM options, in order, without the class path
 * @param classPath  the class path as written (the app sees this in {@code java.class.path})
 * @param folders    the class path's folders, absolute, in order: the app's own classes and resources
 * @param jars       the class path's jars, absolute, in order: what does not change between two restarts (a file
 *                   that is no zip, such as a {@code .pom} Maven lists, is left out: the JVM reads nothing from it)
 * @param mainClass  the main class
 * @param args       the app's arguments
 */
public record JavaCommand(String java, List<String> options, String classPath, List<Path> folders, List<Path> jars,
                          String mainClass, List<String> args) {
    /** Options that choose another way to find the main class or classes, or their own class-data sharing. */
    private static final Set<String> UNSUPPORTED = Set.of("-jar", "-m", "--module", "-p", "--module-path",
            "--upgrade-module-path", "--source", "-Xshare:off", "-Xshare:on", "-Xshare:dump",
            "-XX:+AutoCreateSharedArchive");
    private static final List<String> UNSUPPORTED_PREFIXES = List.of("--module=", "--module-path=",
            "--upgrade-module-path=", "-Djava.system.class.loader=", "-XX:SharedArchiveFile=",
            "-XX:ArchiveClassesAtExit=", "-XX:AOT", "-XX:SharedClassListFile=", "-XX:DumpLoadedClassList=");

    public JavaCommand {
        options = List.copyOf(options);
        folders = List.copyOf(folders);
        jars = List.copyOf(jars);
        args = List.copyOf(args);
    }

    /** Why a command cannot be started the fast way; the message completes "not accelerated: …". */
    public static final class Unsupported extends Exception {
        Unsupported(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Reads {@code command}; relative class path entries are resolved against {@code workDir}, where the app runs.
     *
     * @throws Unsupported when the command is not {@code java … -cp … Main}, or anything in it is unexpected
     */
    public static JavaCommand parse(List<String> command, Path workDir) throws Unsupported {
        if (command.isEmpty() || !JavaSyntax.isJava(command.get(0))) {
            throw new Unsupported("the command does not start with java");
        }
        List<String> options = new ArrayList<>();
        String classPath = null;
        int i = 1;
        for (; i < command.size() && command.get(i).startsWith("-"); i++) {
            String a = command.get(i);
            if (UNSUPPORTED.contains(a) || UNSUPPORTED_PREFIXES.stream().anyMatch(a::startsWith)) {
                throw new Unsupported("the command uses " + a);
            }
            if (JavaSyntax.isClassPathOption(a) || a.startsWith(JavaSyntax.CLASS_PATH_INLINE)) {
                if (a.startsWith(JavaSyntax.CLASS_PATH_INLINE)) {
                    classPath = a.substring(JavaSyntax.CLASS_PATH_INLINE.length());
                } else if (++i < command.size()) {
                    classPath = command.get(i);
                } else {
                    throw new Unsupported(a + " has no value");
                }
            } else if (JavaSyntax.takesValue(a)) {
                options.add(a);
                if (++i >= command.size()) {
                    throw new Unsupported(a + " has no value");
                }
                options.add(command.get(i));
            } else {
                options.add(a);
            }
        }
        if (i < command.size() && command.get(i).startsWith("@")) {
            throw new Unsupported("the command reads an argument file (" + command.get(i) + ")");
        }
        if (i >= command.size()) {
            throw new Unsupported("the command names no main class");
        }
        String main = command.get(i);
        if (main.endsWith(".java")) {
            throw new Unsupported("the command runs a source file");
        }
        if (classPath == null) {
            throw new Unsupported("the command has no -cp (its class path would come from CLASSPATH or '.')");
        }
        List<Path> folders = new ArrayList<>();
        List<Path> jars = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator, -1)) {
            if (entry.isEmpty() || entry.contains("*")) {
                throw new Unsupported("the class path has an entry '" + entry + "' (empty or a wildcard)");
            }
            Path p = workDir.resolve(entry).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                if (!jars.isEmpty()) {
                    throw new Unsupported("the folder " + entry + " comes after a jar on the class path");
                }
                folders.add(p);
            } else if (Files.isRegularFile(p) && isZip(p)) {
                jars.add(p);
            } else if (Files.isRegularFile(p)) {
                // not a zip (Maven lists a pom-type dependency's .pom): the JVM reads no class from it either
                continue;
            } else {
                throw new Unsupported("the class path entry " + entry + " is neither a folder nor a jar");
            }
        }
        if (folders.isEmpty()) {
            throw new Unsupported("the class path has no folder of the app's own classes");
        }
        return new JavaCommand(command.get(0), options, classPath, folders, jars, main,
                command.subList(i + 1, command.size()));
    }

    private static boolean isZip(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && magic[0] == 'P' && magic[1] == 'K';
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
