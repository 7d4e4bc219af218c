package bench;

import dev.relaunch.process.Liveness;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static bench.Cli.CLI_MAIN;
import static bench.Cli.cliCommand;
import static bench.Instance.BLUE_GREEN;
import static bench.Instance.baseEnv;
import static bench.Instance.writeEnv;
import static bench.Json.num;
import static bench.Procs.cmdline;
import static bench.Procs.freePort;
import static bench.Procs.javaBin;
import static bench.Procs.pssMiB;
import static bench.Procs.rssMiB;
import static bench.Procs.settle;
import static bench.Procs.sleep;
import static bench.Procs.startTicks;
import static bench.Procs.terminateHandle;
import static bench.RawHttp.healthPid;
import static bench.Report.say;
import static bench.Stats.fmt1;
import static bench.Stats.fmtMs;
import static bench.Stats.median;
import static bench.Stats.ms;
import static bench.Stats.round1;
import static bench.Stats.stats;

/** Phase "cold": start-up time beside a bare JVM, and idle memory. */
final class ColdPhase {
    private ColdPhase() {}

    static void run(Opts o, Map<String, Object> res, Cleanup cl) throws Exception {
        int n = o.coldStarts;
        Map<String, Object> series = new LinkedHashMap<>();
        res.put("series", series);

        // the floor: a bare JVM printing one line
        List<Double> hello = new ArrayList<>();
        List<String> helloCmd = List.of(javaBin(), "-cp", o.helloDir.toString(), "Hello");
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            Process p = new ProcessBuilder(helloCmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            cl.track(p.pid());
            String line = new BufferedReader(new InputStreamReader(p.getInputStream())).readLine();
            double ms = ms(System.nanoTime() - t);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            if (!"hello".equals(line)) {
                throw new IOException("Hello printed " + line);
            }
            hello.add(ms);
        }
        series.put("hello", seriesResult("java -cp bench/work/hello Hello (exec -> its output)", helloCmd,
                hello, null));
        say("  hello-world JVM: median " + fmtMs(median(hello)));

        // One project folder for every series, as a user has: the first start there is not timed (it may
        // create caches, e.g. a class-data archive, in the background); the timed starts come after it settled.
        Path dir = o.dir.resolve("project");
        Map<String, Object> first = new LinkedHashMap<>();
        {
            int port = freePort();
            Path env = writeEnv(dir, baseEnv(port, BLUE_GREEN, "default"));
            List<String> cmd = cliCommand(o, "start", "--env-file", env.toString());
            long t = System.nanoTime();
            Process p = startLogged(cmd, dir, "first.out");
            cl.track(p.pid());
            long childPid = awaitHealthy(port, p, t, 120_000, dir.resolve("first.out"));
            first.put("healthy_ms", round1(ms(System.nanoTime() - t)));
            cl.track(childPid);
            first.put("background_work_ms", o.settleMaxMs <= 0 ? null
                    : settle(dir, Set.of(p.pid(), childPid), o.settleMaxMs));
            Optional<ProcessHandle> child = ProcessHandle.of(childPid);
            terminateHandle(p.toHandle(), 30_000);
            child.ifPresent(h -> terminateHandle(h, 15_000));
            first.put("note", "the first `relaunch start` in a fresh folder (not in the series); "
                    + "background_work_ms: how long the instance's other processes (a standby server warming "
                    + "up, a class-data archive being built) stayed CPU-busy after it was healthy (negative: "
                    + "still busy at the limit)");
            say("  first start in a fresh folder: healthy after " + fmtMs(num(first.get("healthy_ms"))
                    .doubleValue()) + ", then background work for " + (first.get("background_work_ms") == null
                    ? "- (not waited for)" : first.get("background_work_ms") + " ms"));
        }
        res.put("first_start_in_fresh_folder", first);

        // relaunch start (foreground supervisor + server child), as ./relaunch start runs it
        List<Double> start = new ArrayList<>();
        List<Double> supRss = new ArrayList<>();
        List<Double> childRss = new ArrayList<>();
        List<Double> supPss = new ArrayList<>();
        List<Double> childPss = new ArrayList<>();
        List<Double> otherRss = new ArrayList<>();
        List<Double> totalRss = new ArrayList<>();
        List<Double> settled = new ArrayList<>();
        List<Double> forkedAt = new ArrayList<>();
        int others = 0;
        List<String> childCmd = null;
        List<String> startCmd = null;
        for (int i = 0; i < n; i++) {
            int port = freePort();
            Path env = writeEnv(dir, baseEnv(port, BLUE_GREEN, "default"));
            startCmd = cliCommand(o, "start", "--env-file", env.toString());
            long t = System.nanoTime();
            Process p = startLogged(startCmd, dir, "start.out");
            cl.track(p.pid());
            long childPid = awaitHealthy(port, p, t, 120_000, dir.resolve("start.out"));
            start.add(ms(System.nanoTime() - t));
            cl.track(childPid);
            long supStart = startTicks(p.pid());
            long childStart = startTicks(childPid);
            if (supStart > 0 && childStart > 0) {
                forkedAt.add((childStart - supStart) * 10.0);
            }
            // idle: after the background work of the start (e.g. a standby server warming up) is done
            settled.add((double) settle(dir, Set.of(p.pid(), childPid), Math.min(60_000, o.settleMaxMs)));
            sleep(o.idleMs);
            supRss.add(rssMiB(p.pid()));
            childRss.add(rssMiB(childPid));
            supPss.add(pssMiB(p.pid()));
            childPss.add(pssMiB(childPid));
            // other processes of the supervisor: a standby server, if the product keeps one
            List<ProcessHandle> extra = p.descendants().filter(h -> h.pid() != childPid)
                    .filter(Liveness::isRunning).toList();
            others = Math.max(others, extra.size());
            double extraRss = extra.stream().mapToDouble(h -> Math.max(0, rssMiB(h.pid()))).sum();
            otherRss.add(round1(extraRss));
            totalRss.add(round1(supRss.get(i) + childRss.get(i) + extraRss));
            if (childCmd == null) {
                childCmd = cmdline(childPid);
            }
            Optional<ProcessHandle> child = ProcessHandle.of(childPid);
            terminateHandle(p.toHandle(), 30_000);
            child.ifPresent(h -> terminateHandle(h, 15_000));
            extra.forEach(h -> terminateHandle(h, 15_000));
            say("  relaunch start #" + (i + 1) + ": healthy after " + fmtMs(start.get(i)) + "; idle RSS: server "
                    + fmt1(childRss.get(i)) + " MiB, supervisor " + fmt1(supRss.get(i)) + " MiB, "
                    + extra.size() + " other process(es) (standby) " + fmt1(extraRss) + " MiB");
        }
        Map<String, Object> startExtra = new LinkedHashMap<>();
        startExtra.put("server_forked_at_ms", stats(forkedAt));
        startExtra.put("server_forked_at_note", "from the supervisor's exec to the server child's, by the "
                + "kernel's process start times (10 ms resolution): the supervisor's own start-up");
        series.put("start", seriesResult("relaunch start (foreground, supervisor + server child; exec -> first "
                + "200 from /api/v1/health)", startCmd, start, startExtra));

        // the server JVM alone, with the exact command line the supervisor gave its child, standalone
        List<Double> serve = new ArrayList<>();
        List<String> serveCmd = null;
        for (int i = 0; i < n; i++) {
            int port = freePort();
            Path env = writeEnv(dir, baseEnv(port, BLUE_GREEN, "default"));
            serveCmd = serveCommand(o, childCmd, env);
            long t = System.nanoTime();
            Process p = startLogged(serveCmd, dir, "serve.out");
            cl.track(p.pid());
            awaitHealthy(port, p, t, 120_000, dir.resolve("serve.out"));
            serve.add(ms(System.nanoTime() - t));
            if (i == 0) {
                // a standalone server may start its own background work once
                settle(dir, Set.of(p.pid()), Math.min(120_000, o.settleMaxMs));
            }
            terminateHandle(p.toHandle(), 20_000);
        }
        series.put("serve", seriesResult("relaunch serve (the server JVM alone, the supervisor's child command "
                + "line, no supervisor)", serveCmd, serve, null));
        say("  server JVM alone: median " + fmtMs(median(serve)));

        // relaunch start --detach: CLI -> supervisor -> server; the CLI returns once the server is ready
        if (o.detachSeries) {
            List<Double> detHealthy = new ArrayList<>();
            List<Double> detReturn = new ArrayList<>();
            List<String> detCmd = null;
            for (int i = 0; i < n; i++) {
                int port = freePort();
                Path env = writeEnv(dir, baseEnv(port, BLUE_GREEN, "default"));
                detCmd = cliCommand(o, "start", "--detach", "--json", "--env-file", env.toString());
                Path outFile = dir.resolve("cli.out");
                long t = System.nanoTime();
                Process p = new ProcessBuilder(detCmd).directory(dir.toFile())
                        .redirectOutput(outFile.toFile()).redirectError(dir.resolve("cli.err").toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                cl.track(p.pid());
                long deadline = t + 120_000_000_000L;
                Double healthy = null;
                while (System.nanoTime() < deadline && (healthy == null || p.isAlive())) {
                    if (healthy == null && healthPid(port, 1000) > 0) {
                        healthy = ms(System.nanoTime() - t);
                    }
                    if (healthy == null) {
                        sleep(5);
                    } else {
                        p.waitFor(100, TimeUnit.MILLISECONDS);
                    }
                }
                double returned = ms(System.nanoTime() - t);
                if (p.isAlive() || healthy == null) {
                    p.destroyForcibly();
                    throw new IOException("relaunch start --detach did not return/become healthy in 120 s");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> j = (Map<String, Object>) Json.parse(Files.readString(outFile));
                long sup = num(j.get("supervisor_pid")).longValue();
                long child = num(j.get("server_pid")).longValue();
                cl.track(sup);
                cl.track(child);
                detHealthy.add(healthy);
                detReturn.add(returned);
                Optional<ProcessHandle> supHandle = ProcessHandle.of(sup);
                Optional<ProcessHandle> childHandle = ProcessHandle.of(child);
                supHandle.ifPresent(h -> terminateHandle(h, 30_000));
                childHandle.ifPresent(h -> terminateHandle(h, 15_000));
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("cli_returned_ms", stats(detReturn));
            series.put("start_detach", seriesResult("relaunch start --detach (CLI -> supervisor -> server; exec "
                    + "-> first 200 from /api/v1/health; cli_returned_ms: until the command exits)", detCmd,
                    detHealthy, extra));
            say("  relaunch start --detach: healthy median " + fmtMs(median(detHealthy)) + ", CLI returns "
                    + fmtMs(median(detReturn)));
        }

        Map<String, Object> mem = new LinkedHashMap<>();
        mem.put("note", "MiB; VmRSS from /proc/PID/status and Pss from /proc/PID/smaps_rollup, sampled "
                + o.idleMs + " ms after each `relaunch start` was healthy and its other processes were CPU-quiet "
                + "(settled_after_ms); other_processes: the supervisor's processes besides the serving server "
                + "(a standby server); total: supervisor + server + others");
        mem.put("server_child_rss_mib", stats(childRss));
        mem.put("supervisor_rss_mib", stats(supRss));
        mem.put("server_child_pss_mib", stats(childPss.stream().filter(v -> v >= 0).toList()));
        mem.put("supervisor_pss_mib", stats(supPss.stream().filter(v -> v >= 0).toList()));
        mem.put("other_processes", others);
        mem.put("other_processes_rss_mib", stats(otherRss));
        mem.put("total_rss_mib", stats(totalRss));
        mem.put("settled_after_ms", stats(settled));
        res.put("idle_rss", mem);
        res.put("server_child_command", childCmd);
    }

    private static Process startLogged(List<String> cmd, Path dir, String log) throws IOException {
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    /** The supervisor's child command line, with the .env replaced; a fallback if it could not be read. */
    private static List<String> serveCommand(Opts o, List<String> childCmd, Path env) {
        List<String> cmd = new ArrayList<>();
        if (childCmd != null && childCmd.contains("serve")) {
            for (int i = 0; i < childCmd.size(); i++) {
                String a = childCmd.get(i);
                if (a.equals("--env-file") && i + 1 < childCmd.size()) {
                    cmd.add(a);
                    cmd.add(env.toString());
                    i++;
                } else if (a.startsWith("--env-file=")) {
                    cmd.add("--env-file=" + env);
                } else if (!(i == 0 && a.endsWith("setsid"))) {
                    cmd.add(a);
                }
            }
            return cmd;
        }
        cmd.add(javaBin());
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp",
                o.jar.toString(), CLI_MAIN, "serve", "--env-file", env.toString()));
        return cmd;
    }

    private static Map<String, Object> seriesResult(String what, List<String> cmd, List<Double> ms,
                                                    Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("what", what);
        m.put("command", cmd == null ? null : String.join(" ", cmd));
        m.put("ms", stats(ms));
        m.put("samples_ms", ms.stream().map(Stats::round1).toList());
        if (extra != null) {
            m.putAll(extra);
        }
        return m;
    }

    /** Polls /api/v1/health (new connection each time, every 5 ms) until 200; returns the PID it reports. */
    private static long awaitHealthy(int port, Process p, long t0, long timeoutMs, Path log) throws IOException {
        long deadline = t0 + timeoutMs * 1_000_000L;
        while (System.nanoTime() < deadline) {
            long pid = healthPid(port, 1000);
            if (pid > 0) {
                return pid;
            }
            if (!p.isAlive()) {
                throw new IOException("the process exited with code " + p.exitValue() + " before it was healthy: "
                        + tail(log, 15));
            }
            sleep(5);
        }
        throw new IOException("not healthy within " + timeoutMs + " ms: " + tail(log, 15));
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> l = Files.readAllLines(file);
            return String.join(" | ", l.subList(Math.max(0, l.size() - lines), l.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
