package dev.relaunch.cli;

import dev.relaunch.server.ServerMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", description = "Run the web server in this process, without a supervisor (e.g. from an "
        + "IDE). Restarts hand off to a detached successor.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        return new ServerMain(common.envPath(), System.err).run();
    }
}
