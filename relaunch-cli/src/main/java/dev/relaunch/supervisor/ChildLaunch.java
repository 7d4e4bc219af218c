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
 * @param envFile     the {@code .env} file of these values; the child learns which of its variables came from it
 */
record ChildLaunch(List<String> command, Map<String, String> environment, Map<String, String> dotenv, Path envFile) {
    ChildLaunch {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        dotenv = Map.copyOf(dotenv);
    }

    /**
     * The same start again, with every value the previous run saw: the {@code .env} values are passed as environment
     * variables (for the built-in server they win over the file it reads again), marked as the file's in the child's
     * launch contract so its Settings tab shows them as {@code .env} values, not as set by the environment.
     */
    ChildLaunch again() {
        return new ChildLaunch(command, dotenv, dotenv, envFile);
    }
}
