package dev.relaunch.role;

import dev.relaunch.platform.Platforms;
import dev.relaunch.process.ChildProcesses;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The command line that started this JVM, to start a successor the same way: the same {@code java}, JVM options,
 * class path or jar, main class and program arguments. Read from the operating system's record of this process
 * (the platform's, exact at any length on Linux; {@link ProcessHandle.Info#arguments()} elsewhere, which
 * the JDK leaves empty for a command line longer than 4 KiB), else rebuilt from the runtime's own record (JVM
 * options, {@code java.class.path}, {@code sun.java.command}). A debugger agent is left out: the successor could not
 * bind the debug port its predecessor holds.
 */
final class SelfCommand {
    private SelfCommand() {}

    /**
     * @throws IOException when this JVM's command line cannot be known; the message says how to restart instead
     */
    static List<String> current() throws IOException {
        List<String> args = Platforms.current().ownArguments();
        if (args.isEmpty()) {
            args = ProcessHandle.current().info().arguments().map(Arrays::asList).orElse(List.of());
        }
        if (args.isEmpty()) {
            args = fromRuntime();
        }
        List<String> cmd = new ArrayList<>(ChildProcesses.sessionPrefix());
        cmd.add(ChildProcesses.javaExecutable());
        args.stream().filter(a -> !isDebugAgent(a)).forEach(cmd::add);
        return cmd;
    }

    private static List<String> fromRuntime() throws IOException {
        String main = System.getProperty("sun.java.command", "").trim();
        if (main.isEmpty()) {
            throw new IOException("cannot tell how this JVM was started (the operating system does not report its "
                    + "arguments and sun.java.command is empty); run the app under `relaunch start -- <command>` "
                    + "to restart it");
        }
        List<String> args = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        List<String> words = Arrays.asList(main.split(" ")); // lossy for arguments with spaces: a last resort
        if (words.get(0).toLowerCase(Locale.ROOT).endsWith(".jar")) {
            args.add("-jar");
        } else {
            args.add("-cp");
            args.add(System.getProperty("java.class.path"));
        }
        args.addAll(words);
        return args;
    }

    static boolean isDebugAgent(String arg) {
        return arg.startsWith("-agentlib:jdwp") || arg.startsWith("-Xrunjdwp") || arg.equals("-Xdebug");
    }

    /** Where a detached child's standard input comes from: nothing. */
    static File nullDevice() {
        return Platforms.current().nullDevice();
    }
}
