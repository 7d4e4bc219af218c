package dev.relaunch.cli;

import dev.relaunch.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

@Command(name = "relaunch",
        description = "A development web server with a Settings tab and a blue-green Restart Server button.",
        mixinStandardHelpOptions = true,
        versionProvider = RelaunchCommand.VersionProvider.class,
        subcommands = {StartCommand.class, StopCommand.class, StatusCommand.class, RestartCommand.class,
                CheckCommand.class, ServeCommand.class, PrepareCommand.class, WatchCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success (status: running)",
            "  1  failure (the command could not do what was asked; the message says why)",
            "  2  invalid configuration or usage (`relaunch check` lists every problem)",
            "  3  not running (status), or the supervisor gave up after repeated crashes (start)",
            "",
            "Every subcommand takes --json for machine-readable output and --env-file PATH (default ./.env)."})
public final class RelaunchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"relaunch " + Version.current() + " (Java " + System.getProperty("java.version")
                    + ")"};
        }
    }
}
