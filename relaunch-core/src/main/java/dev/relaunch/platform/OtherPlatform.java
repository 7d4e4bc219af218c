package dev.relaunch.platform;

import java.util.Optional;

/**
 * A Unix-like system relaunch has no knowledge of (FreeBSD, AIX, …): processes are started and stopped the POSIX
 * way, and restarts are stop-then-start, since whether a listening socket can be handed over or shared is not known.
 */
public final class OtherPlatform extends PosixPlatform {
    private final String osName;

    public OtherPlatform(String osName) {
        this.osName = osName.isBlank() ? "an unknown system" : osName;
    }

    @Override
    public String name() {
        return osName;
    }

    @Override
    public PortSharing portSharing() {
        return PortSharing.NONE;
    }

    @Override
    public Optional<String> outageReason() {
        return Optional.of("relaunch does not know whether " + osName + " can hand over the port");
    }
}
