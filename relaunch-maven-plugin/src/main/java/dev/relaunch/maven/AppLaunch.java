package dev.relaunch.maven;

import java.util.List;

/**
 * The app as the supervisor runs it.
 *
 * @param mainClass the class whose {@code main} runs
 * @param command   {@code java [options] -cp <class path> mainClass [arguments]}
 */
record AppLaunch(String mainClass, List<String> command) {
    AppLaunch {
        command = List.copyOf(command);
    }
}
