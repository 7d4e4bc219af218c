package dev.relaunch.launch;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a process that starts a server child (the supervisor, or a standalone server spawning its successor) tells
 * that child, carried in {@code RELAUNCH_*} environment variables. Written in one place ({@link #writeTo}) and read
 * in one place ({@link #fromEnv}); nothing else names the variables.
 *
 * @param role           how the child came to be; {@link Role#NONE} when nobody launched it (an app started from an
 *                       IDE or a terminal): it restarts itself
 * @param controlSocket  where the child reports {@code ready} (the supervisor's socket, or its predecessor's)
 * @param nonce          identifies this child to whoever launched it; secret to the two of them
 * @param opId           the restart operation this child was started for, if any
 * @param launcherPid    the supervisor's PID (supervised) or the predecessor's PID (successor); 0 when none
 * @param inheritedPort  the port the first child bound when {@code PORT=0}; later children bind the same one
 * @param listenerSocket where the child asks the supervisor for the app's listening socket (one socket for the
 *                       supervisor's whole life, shared by every child in turn) instead of binding the port itself;
 *                       null when the supervisor cannot pass sockets (the child binds with SO_REUSEPORT)
 * @param envFile        the {@code .env} the supervisor read for this start; null when it passed no values from it
 * @param dotenvKeys     the variables the supervisor set from that file (the rest of the environment is the
 *                       supervisor's own, which wins over the file): how the plugin's Settings tab tells a value
 *                       from {@code .env} from an override
 */
public record LaunchContract(Role role, Path controlSocket, String nonce, String opId, long launcherPid,
                             Integer inheritedPort, Path listenerSocket, Path envFile, Set<String> dotenvKeys) {

    public LaunchContract {
        dotenvKeys = dotenvKeys == null ? Set.of() : Set.copyOf(dotenvKeys);
    }

    /** How a server process came to be started. */
    public enum Role {
        /** Not launched by relaunch: restarts spawn a detached successor. */
        NONE,
        /** A child of the supervisor, which owns restarts. */
        SUPERVISED,
        /** A supervised child started ahead of time: it warms up and waits for the next restart before it binds. */
        STANDBY,
        /** A detached successor of a standalone server: it reports ready to its predecessor, then takes over. */
        SUCCESSOR
    }

    /**
     * The child's side of the contract, its exit code: it refused its configuration. The launcher records the
     * failure as {@code config_invalid} without reading its log.
     */
    public static final int EXIT_CONFIG_INVALID = 2;
    /** Exit code: the child could not bind (or be given) its port; recorded as {@code port_unavailable}. */
    public static final int EXIT_PORT_UNAVAILABLE = 3;

    static final String PREFIX = "RELAUNCH_";
    static final String ROLE = PREFIX + "ROLE";
    static final String SOCKET = PREFIX + "CONTROL_SOCKET";
    static final String NONCE = PREFIX + "CHILD_NONCE";
    static final String OP_ID = PREFIX + "OP_ID";
    static final String LAUNCHER_PID = PREFIX + "LAUNCHER_PID";
    static final String INHERITED_PORT = PREFIX + "INHERITED_PORT";
    static final String LISTENER_SOCKET = PREFIX + "LISTENER_SOCKET";
    static final String ENV_FILE = PREFIX + "ENV_FILE";
    static final String DOTENV_KEYS = PREFIX + "DOTENV_KEYS";
    /**
     * Variables a child keeps from its parent's environment: they configure the class-data archive, the control
     * socket's transport and how children are stopped, not a role.
     */
    private static final Set<String> KEPT = Set.of("RELAUNCH_CDS_DIR", "RELAUNCH_CDS", "RELAUNCH_CONTROL",
            "RELAUNCH_STOP");

    /** The contract of a process nobody launched. */
    public static LaunchContract none() {
        return new LaunchContract(Role.NONE, null, null, null, 0, null, null, null, Set.of());
    }

    public static LaunchContract supervised(Path socket, String nonce, String opId, long supervisorPid,
                                            Integer inheritedPort, boolean standby) {
        return new LaunchContract(standby ? Role.STANDBY : Role.SUPERVISED, socket, nonce, opId, supervisorPid,
                inheritedPort, null, null, Set.of());
    }

    public static LaunchContract successor(Path socket, String nonce, String opId, long predecessorPid, int port) {
        return new LaunchContract(Role.SUCCESSOR, socket, nonce, opId, predecessorPid, port, null, null, Set.of());
    }

    /** The same contract, saying which variables came from which {@code .env} file. */
    public LaunchContract withDotenv(Path file, Set<String> keys) {
        return new LaunchContract(role, controlSocket, nonce, opId, launcherPid, inheritedPort, listenerSocket, file,
                keys);
    }

    /** The same contract, telling the child where to ask for the shared listening socket. */
    public LaunchContract withListenerSocket(Path socket) {
        return new LaunchContract(role, controlSocket, nonce, opId, launcherPid, inheritedPort, socket, envFile,
                dotenvKeys);
    }

    /**
     * Reads the contract from a process environment. Unknown or malformed values give {@link Role#NONE}: a variable
     * set by hand never turns an app into something it is not.
     */
    public static LaunchContract fromEnv(Map<String, String> env) {
        Role role;
        try {
            role = Role.valueOf(env.getOrDefault(ROLE, "NONE"));
        } catch (IllegalArgumentException e) {
            return none();
        }
        String socket = env.get(SOCKET);
        if (role != Role.NONE && (socket == null || socket.isBlank())) {
            return none();
        }
        return new LaunchContract(role, socket == null ? null : Path.of(socket), env.get(NONCE), env.get(OP_ID),
                parseLong(env.get(LAUNCHER_PID)).orElse(0), parseInt(env.get(INHERITED_PORT)).isPresent()
                        ? parseInt(env.get(INHERITED_PORT)).getAsInt() : null,
                role == Role.NONE || blank(env.get(LISTENER_SOCKET)) ? null : Path.of(env.get(LISTENER_SOCKET)),
                blank(env.get(ENV_FILE)) ? null : Path.of(env.get(ENV_FILE)),
                parseKeys(env.get(DOTENV_KEYS)));
    }

    /**
     * Writes this contract into a child's environment, after removing every {@code RELAUNCH_*} variable inherited
     * from this process (a child must never believe it has this process's role).
     */
    public void writeTo(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith(PREFIX) && !KEPT.contains(k));
        if (role == Role.NONE) {
            return;
        }
        env.put(ROLE, role.name());
        env.put(SOCKET, controlSocket.toString());
        put(env, NONCE, nonce);
        put(env, OP_ID, opId);
        if (launcherPid > 0) {
            env.put(LAUNCHER_PID, Long.toString(launcherPid));
        }
        if (inheritedPort != null) {
            env.put(INHERITED_PORT, inheritedPort.toString());
        }
        if (listenerSocket != null) {
            env.put(LISTENER_SOCKET, listenerSocket.toString());
        }
        if (envFile != null) {
            env.put(ENV_FILE, envFile.toString());
            env.put(DOTENV_KEYS, String.join(",", new java.util.TreeSet<>(dotenvKeys)));
        }
    }

    public boolean supervised() {
        return role == Role.SUPERVISED || role == Role.STANDBY;
    }

    public Optional<String> op() {
        return Optional.ofNullable(opId);
    }

    private static void put(Map<String, String> env, String key, String value) {
        if (value != null) {
            env.put(key, value);
        }
    }

    private static Set<String> parseKeys(String s) {
        if (s == null || s.isBlank()) {
            return Set.of();
        }
        Set<String> keys = new java.util.LinkedHashSet<>();
        for (String k : s.split(",")) {
            if (!k.isBlank()) {
                keys.add(k.trim());
            }
        }
        return keys;
    }

    private static OptionalLong parseLong(String s) {
        try {
            return s == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(s.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalInt parseInt(String s) {
        try {
            int v = s == null ? -1 : Integer.parseInt(s.trim());
            return v >= 0 && v <= 65535 ? OptionalInt.of(v) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
