package bench;

/**
 * The relaunch benchmark (issue 6): restart latency and requests lost under load (blue-green beside the classic
 * stop-then-start), start-up time beside a bare JVM, idle memory, and supervisor growth over many restarts.
 *
 * <p>Run it with {@code bench/run.sh} (see bench/README.md). This package has a file per phase and per helper
 * (options, processes, the raw HTTP client, the load generator, the report); it needs the JDK and the relaunch jar,
 * for the product's constants (op statuses, strategy names, the CLI's main class) and the Jackson and picocli it
 * carries. The orchestrator (no
 * {@code --phase}) runs each measurement as a separate JVM ("phase"), the load phases inside a private network
 * namespace when it can ({@code unshare --net}, root), so {@code net.ipv4.tcp_migrate_req} can be set both ways
 * without touching the machine's own setting. Every phase writes a JSON file; the orchestrator merges them into
 * {@code bench/results/latest.json} and prints a table. Everything is on 127.0.0.1, bounded in count and time, and
 * every process started is stopped again (also on failure and Ctrl-C).
 */
public final class Bench {
    static final String USAGE = """
            Usage: bench/run.sh [options]        (or: ./relaunch bench [options])
              --restarts N        restarts per load configuration (default 20)
              --zero-loss-restarts N  restarts of the zero-loss column: blue-green at tcp_migrate_req=0 under
                                  the heavy mix (idle keep-alive, burst new connections, slow); default 100
              --dev-loop N        changes per column of the dev-loop phase (class written -> new code answering, beside
                                  DevTools), after 2 warm-up changes; 0 to skip (default 5)
              --devtools-jar PATH spring-boot-devtools for the DevTools column (bench/run.sh fetches it with Maven)
              --java25 PATH       a Java 25 launcher: the dev-loop phase adds Spring Boot on it (the AOT cache);
                                  bench/run.sh passes one it finds in /usr/lib/jvm
              --cold-starts N     cold starts per start-up series, and the size of the CLI phase's series (default 10)
              --soak N            restarts in the supervisor growth run, 0 to skip (default 120)
              --no-netns          run the load in the host network namespace only (the machine's tcp_migrate_req)
              --no-detach         skip the `relaunch start --detach` start-up series
              --quick             5 restarts, 3 cold starts, soak 20
              --smoke             2 restarts, 1 cold start, soak 1, no dev loop, no netns, no waiting for background
                                  work after a start (for the smoke test; measures nothing)
              --think-ms N        pause between two fast requests of one client (default 20)
              --gap-ms N          pause after a restart finished, before the next (default 1000)
              --max-minutes N     overall time limit; later restarts are skipped when it is near (default 45)
              --jar PATH          the relaunch jar (default relaunch-cli/target/relaunch.jar)
              --work DIR          scratch folder (default bench/work; runs go to DIR/last-run)
              --results FILE      where to write the JSON (default bench/results/latest.json)
              --no-build          (bench/run.sh) never run Maven; fail if the jar is missing
            """;

    public static void main(String[] args) throws Exception {
        Opts o;
        try {
            o = Opts.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (o.help) {
            System.out.print(USAGE);
            return;
        }
        int code = o.phase == null ? new Orchestrator(o).run() : Phase.run(o);
        System.out.flush();
        System.exit(code);
    }
}
