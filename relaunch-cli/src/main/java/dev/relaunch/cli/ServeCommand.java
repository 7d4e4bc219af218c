package dev.relaunch.cli;

import dev.relaunch.builtin.ServerMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run the web server in this process, without a supervisor (e.g. from an "
        + "IDE). Restarts hand off to a detached successor.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--cds-training", hidden = true, description = "answer a few requests on an ephemeral port, "
            + "then exit (creates the class-data archive)")
    boolean cdsTraining;

    @Override
    public Integer call() {
        if (cdsTraining) {
            return ServerMain.train(common.envPath());
        }
        return new ServerMain(common.envPath(), System.err).run();
    }
}
