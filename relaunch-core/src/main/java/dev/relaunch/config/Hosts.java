package dev.relaunch.config;

/**
 * The one rule for turning a bind address into one a client on this machine can use: a wildcard ({@code 0.0.0.0},
 * {@code ::}, {@code [::]}, or none at all) means loopback, {@code 127.0.0.1}; an IPv6 literal goes in brackets in a
 * URL or a Host header ({@code [::1]}).
 */
public final class Hosts {
    /** Where a client on this machine reaches a server bound to a wildcard address. */
    public static final String LOOPBACK = "127.0.0.1";

    private Hosts() {}

    /** Whether {@code host} binds every address: {@code 0.0.0.0}, {@code ::}, {@code [::]}, null or blank. */
    public static boolean isWildcard(String host) {
        if (host == null) {
            return true;
        }
        String h = host.trim();
        return h.isEmpty() || h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]");
    }

    /** The address to connect to for a server bound to {@code host}: loopback for a wildcard, else the address. */
    public static String toReach(String host) {
        return isWildcard(host) ? LOOPBACK : host.trim();
    }

    /** {@code host} as it stands in a URL or a Host header: an IPv6 literal in brackets, anything else as it is. */
    public static String bracketed(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The host part of a URL for a server bound to {@code host}: {@link #toReach}, then {@link #bracketed}. */
    public static String inUrl(String host) {
        return bracketed(toReach(host));
    }
}
