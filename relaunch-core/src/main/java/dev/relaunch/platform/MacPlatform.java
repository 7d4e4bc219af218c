package dev.relaunch.platform;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * macOS: a BSD. Unix domain sockets pass descriptors ({@code SCM_RIGHTS}) as on Linux, and junixsocket ships its
 * native part for macOS, so the supervisor hands its listening socket over here too. {@code SO_REUSEPORT} exists but
 * does not balance: the socket bound last receives every new connection (FreeBSD added {@code SO_REUSEPORT_LB} for
 * balancing; Darwin has no such option), which suits a handover — the old server only drains its own queue — but
 * the connections still queued on the old listener when it closes are reset, with no {@code tcp_migrate_req} to
 * move them. There is no {@code /proc}: a process's state and sockets are what {@link ProcessHandle} says. Not tested
 * here (no macOS machine); the GitHub Actions workflow runs the unit tests on macOS.
 */
public final class MacPlatform extends PosixPlatform {
    /** macOS has no {@code setsid} program; Perl's POSIX module (shipped with macOS) calls setsid(2), then execs. */
    static final Path PERL = Path.of("/usr/bin/perl");

    public MacPlatform() {
        super();
    }

    MacPlatform(Predicate<Path> installed) {
        super(installed);
    }

    @Override
    public String name() {
        return "macOS";
    }

    @Override
    public List<String> sessionPrefix() {
        List<String> setsid = super.sessionPrefix();
        if (!setsid.isEmpty() || !installed.test(PERL)) {
            return setsid;
        }
        return List.of(PERL.toString(), "-MPOSIX", "-e", "POSIX::setsid(); exec { $ARGV[0] } @ARGV or die $!", "--");
    }

    @Override
    public PortSharing portSharing() {
        return PortSharing.HAND_OVER;
    }
}
