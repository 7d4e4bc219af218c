package dev.relaunch.supervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything one server child is started with, kept so the configuration that served can be started again.
 *
 * @param command     the command line
 * @param environment variables set for the child on top of the supervisor's environment (the keys of {@code .env}
 *                    that the process environment does not set); empty for the built-in server, which reads
 *                    {@code .env} itself
 * @param dotenv      the {@code .env} values at the time (without the keys the process environment sets), for a
 *                    rollback of the built-in server
 * @param envFile     the {@code .env} file the values of a user's command came from; null for the built-in server
 */
record ChildLaunch(List<String> command, Map<String, String> environment, Map<String, String> dotenv, Path envFile) {
    ChildLaunch {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        dotenv = Map.copyOf(dotenv);
    }

    /**
     * The same start again, with every value the previous run saw: for the built-in server the {@code .env} values
     * it read are passed as environment variables (which win over the file it reads again).
     */
    ChildLaunch again() {
        return envFile == null ? new ChildLaunch(command, dotenv, dotenv, null) : this;
    }
}
