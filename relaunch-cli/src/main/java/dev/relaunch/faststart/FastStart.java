package dev.relaunch.faststart;

import dev.relaunch.platform.Platforms;
import dev.relaunch.cds.CdsArchive;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a user's {@code java -cp <folders>:<jars> Main} faster, and otherwise as it was. The JVM runs with only the
 * dependency jars and relaunch's {@link dev.relaunch.launcher.AppLauncher} on its class path, which a class-data
 * archive ({@link CdsArchive}: dynamic CDS before Java 25, the AOT cache from 25) holds across restarts; the launcher
 * loads the app's class folders in a class loader of their own and runs its {@code main} with the same arguments,
 * environment, working folder and {@code java.class.path}. The archive is written by the app's own first run as it
 * exits (no extra run of the app), and made again when a jar, the Java or the JVM options change.
 *
 * <p>Any command of another shape, or anything unexpected in it, runs as given, and the log says why once. Off with
 * {@code RELAUNCH_FAST_START=false} in the environment or {@code .env}. Thread-safe.
 */
public final class FastStart {
    /** The switch: {@code false}, {@code 0}, {@code off} or {@code no} runs every command as given. */
    public static final String SWITCH = "RELAUNCH_FAST_START";
    static final String LAUNCHER_MAIN = "dev.relaunch.launcher.AppLauncher";
    private static final List<String> LAUNCHER_CLASSES = List.of("dev/relaunch/launcher/AppLauncher.class",
            "dev/relaunch/launcher/AppClassLoader.class");
    private static final Set<String> OFF = Set.of("false", "0", "off", "no");
    private static final int MIN_FEATURE = 17;
    /** Training runs whose archive could not be installed, after which an archive is no longer tried. */
    private static final int MAX_FAILED_TRAININGS = 2;
    private static final Logger log = LoggerFactory.getLogger(FastStart.class);

    private final Path dir;
    private final Path workDir;
    private final Map<String, Integer> failedTrainings = new ConcurrentHashMap<>();
    private volatile Path launcherJar;
    private volatile String lastNote;

    /**
     * @param dir     where the launcher jar and the archives live ({@code instance/cds})
     * @param workDir where the app runs: relative class path entries are resolved against it
     */
    public FastStart(Path dir, Path workDir) {
        this.dir = dir;
        this.workDir = workDir;
    }

    /**
     * What to start for a user's command.
     *
     * @param command        the command line to start
     * @param notAccelerated why it is the command as given; empty when it is the fast one
     */
    public record Plan(List<String> command, Optional<String> notAccelerated) {
        public Plan {
            command = List.copyOf(command);
        }
    }

    /**
     * The command to start now for {@code command}; never throws, a problem means the command as given.
     * {@code env} is the app's environment as it will be (for {@link #SWITCH}), null for an unset key.
     */
    public Plan plan(List<String> command, Function<String, String> env) {
        String off = env.apply(SWITCH);
        if (off != null && OFF.contains(off.trim().toLowerCase(Locale.ROOT))) {
            return plain(command, SWITCH + "=" + off.trim());
        }
        try {
            JavaCommand java = JavaCommand.parse(command, workDir);
            JavaRuntime runtime = JavaRuntime.of(java.java(), workDir);
            if (runtime.feature() < MIN_FEATURE) {
                throw new JavaCommand.Unsupported("its Java is " + runtime.feature() + "; fast start needs "
                        + MIN_FEATURE + " or later");
            }
            List<String> classPath = new ArrayList<>();
            java.jars().forEach(j -> classPath.add(j.toString()));
            classPath.add(launcherJar().toString());
            CdsArchive archive = CdsArchive.of(dir, "app", CdsArchive.keyOf(runtime.version() + "|" + runtime.home()
                    + "|" + String.join(" ", java.options()), classPath), CdsArchive.Kind.forJava(runtime.feature()));
            List<String> cds = archiveOptions(archive);
            List<String> cmd = new ArrayList<>();
            cmd.add(java.java());
            cmd.addAll(java.options());
            cmd.addAll(cds);
            cmd.add("-cp");
            cmd.add(String.join(File.pathSeparator, classPath));
            cmd.add(LAUNCHER_MAIN);
            cmd.add(String.join(File.pathSeparator, java.folders().stream().map(Path::toString).toList()));
            cmd.add(java.classPath());
            cmd.add(java.mainClass());
            cmd.addAll(java.args());
            String state = cds.isEmpty() ? "none yet: another run is writing it"
                    : isTraining(cds) ? "written by this run as it exits" : archive.archive().getFileName().toString();
            note("Fast start: the app's classes from " + java.folders().size() + " folder(s), its " + java.jars().size()
                    + " jars in a class-data archive (Java " + runtime.feature() + ", " + state + "); off with "
                    + SWITCH + "=false");
            return new Plan(cmd, Optional.empty());
        } catch (JavaCommand.Unsupported e) {
            return plain(command, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return plain(command, "cannot prepare it (" + e + ")");
        }
    }

    /**
     * Installs the archive a training run wrote, once its JVM has exited ({@code command} is what it was started
     * with); does nothing for any other command. Never throws.
     */
    public void exited(List<String> command) {
        trainingTemp(command).ifPresent(tmp -> {
            if (CdsArchive.installTemp(tmp)) {
                log.info("Fast start: class-data archive written ({}); the next starts use it",
                        tmp.getFileName().toString().replaceAll("^\\.|\\.[0-9]+\\.tmp$", ""));
            } else {
                String name = tmp.getFileName().toString();
                int failed = failedTrainings.merge(name.replaceAll("\\.[0-9]+\\.tmp$", ""), 1, Integer::sum);
                log.info("Fast start: the app exited without writing its class-data archive (killed, or its Java "
                        + "refused){}", failed >= MAX_FAILED_TRAININGS ? "; not trying again for this class path"
                        : "; the next start tries again");
            }
        });
    }

    private List<String> archiveOptions(CdsArchive archive) throws IOException {
        if (archive.existing().isPresent()) {
            return archive.childOptions();
        }
        String name = "." + archive.archive().getFileName();
        if (failedTrainings.getOrDefault(name, 0) >= MAX_FAILED_TRAININGS || trainingInFlight()) {
            return List.of();
        }
        return archive.trainingOptions(archive.newTemp());
    }

    private boolean isTraining(List<String> options) {
        return options.stream().anyMatch(o -> trainingTemp(List.of(o)).isPresent());
    }

    /** A child of this supervisor is writing an archive: a second one would only cost CPU at its exit. */
    private boolean trainingInFlight() {
        return ProcessHandle.current().descendants()
                .anyMatch(p -> trainingTemp(Platforms.current().commandLine(p.pid())).isPresent());
    }

    private Optional<Path> trainingTemp(List<String> command) {
        for (String a : command) {
            for (CdsArchive.Kind k : CdsArchive.Kind.values()) {
                if (a.startsWith(k.trainOption())) {
                    Path tmp = Path.of(a.substring(k.trainOption().length()));
                    if (dir.equals(tmp.getParent())) {
                        return Optional.of(tmp);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Plan plain(List<String> command, String reason) {
        note("Fast start not used: " + reason + "; the command runs as given");
        return new Plan(command, Optional.of(reason));
    }

    /** Logs what fast start does when it differs from the last start (not at every restart). */
    private void note(String line) {
        if (!line.equals(lastNote)) {
            lastNote = line;
            log.info(line);
        }
    }

    /** The launcher's two classes in a jar of their own, named after their content so that it stays the same file. */
    Path launcherJar() throws IOException {
        Path jar = launcherJar;
        if (jar != null && Files.isRegularFile(jar)) {
            return jar;
        }
        List<byte[]> classes = new ArrayList<>();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String c : LAUNCHER_CLASSES) {
            try (InputStream in = FastStart.class.getClassLoader().getResourceAsStream(c)) {
                if (in == null) {
                    throw new IOException("relaunch's jar has no " + c);
                }
                byte[] b = in.readAllBytes();
                sha.update(b);
                classes.add(b);
            }
        }
        Files.createDirectories(dir);
        jar = dir.resolve("relaunch-launcher-" + HexFormat.of().formatHex(sha.digest(), 0, 8) + ".jar");
        if (!Files.isRegularFile(jar)) {
            Path tmp = Files.createTempFile(dir, ".launcher", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream j = new JarOutputStream(out)) {
                for (int i = 0; i < classes.size(); i++) {
                    JarEntry e = new JarEntry(LAUNCHER_CLASSES.get(i));
                    e.setTime(0);
                    j.putNextEntry(e);
                    j.write(classes.get(i));
                    j.closeEntry();
                }
            }
            try {
                Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        launcherJar = jar;
        return jar;
    }
}
