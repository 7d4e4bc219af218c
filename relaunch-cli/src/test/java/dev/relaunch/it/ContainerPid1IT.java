package dev.relaunch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The supervisor as PID 1, as in a container: {@code unshare --pid --fork --mount-proc} runs it as the first process
 * of a new PID namespace (root only). Its app command leaves an orphan behind at every start ({@code (sleep 4 &)}),
 * which the kernel gives to PID 1: the supervisor must reap it, restart as usual, and on SIGTERM stop everything in
 * the namespace within the drain timeout and exit with 143 (128 + SIGTERM), as {@code docker stop} expects. It is
 * also the main process of a systemd service here: a datagram socket of the test's own plays systemd's
 * {@code NOTIFY_SOCKET} and hears ready, reloading, ready again and stopping.
 */
class ContainerPid1IT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final long DRAIN_TIMEOUT_MS = 5_000;

    private static void assumeNamespacesAvailable() throws Exception {
        assumeTrue(new File("/proc/self/stat").exists(), "the PID-1 test needs Linux");
        assumeTrue("root".equals(System.getProperty("user.name")),
                "the PID-1 test needs root (unshare --pid); it runs on CI, which is root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "the PID-1 test needs /usr/bin/unshare");
        Process probe = new ProcessBuilder("/usr/bin/unshare", "--pid", "--fork", "--mount-proc", "true")
                .redirectErrorStream(true).start();
        assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "this machine refuses a new PID namespace: " + new String(probe.getInputStream().readAllBytes()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** What /proc says of a process: its command name, its parent and its state letter. */
    record Proc(long pid, String comm, long parent, char state) {}

    private static Optional<Proc> proc(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String[] f = stat.substring(close + 2).split(" ");
            return Optional.of(new Proc(pid, stat.substring(open + 1, close), Long.parseLong(f[1]), f[0].charAt(0)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<Proc> childrenOf(long parent) {
        List<Proc> children = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : all) {
                proc(Long.parseLong(p.getFileName().toString())).filter(c -> c.parent() == parent)
                        .ifPresent(children::add);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return children;
    }

    @Test
    void asPid1TheSupervisorRestartsReapsOrphansAndStopsEverythingOnSigterm() throws Exception {
        assumeNamespacesAvailable();
        int port = freePort();
        try (RelaunchInstance r = new RelaunchInstance()) {
            r.writeEnv("HOST=127.0.0.1\nPORT=" + port + "\nAPP_ENV=testing\nSTARTUP_TIMEOUT_MS=60000\n"
                    + "DRAIN_TIMEOUT_MS=" + DRAIN_TIMEOUT_MS + "\n");
            // the app: a shell that leaves an orphan (its subshell exits at once), then becomes the relaunch server
            String app = "(sleep 4 &); exec " + JAVA + " " + RelaunchInstance.ADD_EXPORTS + " -XX:TieredStopAtLevel=1"
                    + " -cp " + RelaunchInstance.CLASS_PATH + " dev.relaunch.cli.Main serve";
            List<String> cmd = List.of("/usr/bin/unshare", "--pid", "--fork", "--mount-proc", JAVA,
                    RelaunchInstance.ADD_EXPORTS, "-cp", RelaunchInstance.CLASS_PATH, "dev.relaunch.cli.Main", "start",
                    "--", "sh", "-c", app);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(r.dir().toFile()).redirectErrorStream(true)
                    .redirectOutput(r.dir().resolve("pid1.out").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().keySet().removeIf(k -> k.startsWith("RELAUNCH_"));
            Path notifyPath = r.dir().resolve("notify.sock");
            AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance();
            systemd.bind(AFUNIXSocketAddress.of(notifyPath.toFile()));
            List<String> notes = new CopyOnWriteArrayList<>();
            Thread listen = new Thread(() -> {
                byte[] buf = new byte[4096];
                while (!systemd.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        systemd.receive(p);
                        notes.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            listen.setDaemon(true);
            listen.start();
            pb.environment().put("NOTIFY_SOCKET", notifyPath.toString());
            Process unshare = pb.start();
            ProcessHandle supervisor = null;
            try {
                supervisor = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                        .until(() -> unshare.toHandle().children().findFirst().orElse(null), h -> h != null);
                long sup = supervisor.pid();
                // every orphan the kernel re-parents to the supervisor, as seen from outside the namespace
                Map<Long, Proc> orphans = new ConcurrentHashMap<>();
                Thread watch = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        childrenOf(sup).stream().filter(c -> c.comm().equals("sleep"))
                                .forEach(c -> orphans.putIfAbsent(c.pid(), c));
                        try {
                            Thread.sleep(20); // sampling another process tree, not synchronisation
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                watch.setDaemon(true);
                watch.start();

                RelaunchInstance.Result status = Awaitility.await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(200)).until(() -> r.cli("status", "--json"),
                                s -> s.exit() == 0 && s.json().path("server").path("pid").asLong() > 0);
                assertThat(status.json().path("supervisor_pid").asLong()).as("the supervisor is PID 1 inside")
                        .isEqualTo(1);

                RelaunchInstance.Result restart = r.cli("restart", "--wait", "--json");
                assertThat(restart.exit()).as(restart.out() + restart.err() + r.diagnostics()).isZero();
                JsonNode op = restart.json();
                assertThat(op.path("status").asText()).isEqualTo("restarted");
                assertThat(op.path("pid_after").asLong()).isNotEqualTo(op.path("pid_before").asLong());
                RawHttp.Response health = RawHttp.send(port, RawHttp.Request.get("/api/v1/health"));
                assertThat(RelaunchInstance.JSON.readTree(health.body()).path("pid").asLong())
                        .isEqualTo(op.path("pid_after").asLong());

                Awaitility.await("an orphan re-parented to the supervisor").atMost(Duration.ofSeconds(30))
                        .until(() -> orphans.size() >= 2);
                Awaitility.await("every orphan reaped, none left a zombie").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> assertThat(orphans.keySet().stream().map(ContainerPid1IT::proc)
                                .flatMap(Optional::stream).filter(p -> p.parent() == sup).toList()).isEmpty());
                watch.interrupt();
                assertThat(childrenOf(sup)).as("no zombie among the supervisor's children")
                        .noneMatch(c -> c.state() == 'Z');

                Set<ProcessHandle> everything = new java.util.HashSet<>(supervisor.descendants().toList());
                everything.add(supervisor);
                long sentAt = System.nanoTime();
                supervisor.destroy(); // SIGTERM to PID 1, as `docker stop` sends it
                assertThat(unshare.waitFor(DRAIN_TIMEOUT_MS + 10_000, TimeUnit.MILLISECONDS))
                        .as("the supervisor stopped within the drain timeout").isTrue();
                long tookMs = (System.nanoTime() - sentAt) / 1_000_000;
                assertThat(unshare.exitValue()).as("exit code after SIGTERM; took " + tookMs + " ms\n"
                        + Files.readString(r.dir().resolve("pid1.out"))).isEqualTo(143);
                assertThat(everything).as("every process of the namespace is gone").noneMatch(ProcessHandle::isAlive);
                assertThat(Files.readString(r.dir().resolve("pid1.out")))
                        .contains("Running as PID 1: orphaned processes are reaped by the supervisor");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> notes.stream()
                        .anyMatch(n -> n.startsWith("STOPPING=1")));
                assertThat(notes.stream().map(n -> n.substring(0, n.indexOf('=')))).as("sd_notify messages %s", notes)
                        .containsSubsequence("READY", "RELOADING", "READY", "STOPPING");
                assertThat(notes.get(0)).as("ready once the first server is").startsWith("READY=1")
                        .contains("MAINPID=1");
            } finally {
                if (supervisor != null) {
                    supervisor.destroyForcibly(); // PID 1 gone: the kernel kills the whole namespace
                }
                unshare.destroyForcibly();
                unshare.waitFor(30, TimeUnit.SECONDS);
                systemd.close();
            }
        }
    }
}
