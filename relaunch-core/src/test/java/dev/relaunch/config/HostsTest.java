package dev.relaunch.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostsTest {
    @Test
    void everyWildcardMeansLoopback() {
        for (String wildcard : new String[] {"0.0.0.0", "::", "[::]", "", " ", null}) {
            assertThat(Hosts.isWildcard(wildcard)).as(wildcard).isTrue();
            assertThat(Hosts.inUrl(wildcard)).as(wildcard).isEqualTo("127.0.0.1");
        }
        assertThat(Hosts.isWildcard("127.0.0.1")).isFalse();
        assertThat(Hosts.isWildcard("::1")).isFalse();
    }

    @Test
    void anIpv6LiteralGoesInBrackets() {
        assertThat(Hosts.inUrl("::1")).isEqualTo("[::1]");
        assertThat(Hosts.inUrl("[::1]")).isEqualTo("[::1]");
        assertThat(Hosts.inUrl("localhost")).isEqualTo("localhost");
        assertThat(Config.url("::", 5050)).isEqualTo("http://127.0.0.1:5050");
        assertThat(Config.url("fe80::1", 80)).isEqualTo("http://[fe80::1]:80");
    }
}
