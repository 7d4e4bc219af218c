package dev.relaunch.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaunch.platform.Platform;
import dev.relaunch.platform.Platforms;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which zombies the reaper takes: only those still there on its next look, so the JDK keeps its children's codes. */
class OrphanReaperTest {
    private final List<Long> zombies = new ArrayList<>();
    private final List<Integer> waited = new ArrayList<>();

    private final Platform platform = (Platform) Proxy.newProxyInstance(Platform.class.getClassLoader(),
            new Class<?>[] {Platform.class}, (proxy, method, args) -> {
                if (method.getName().equals("unreapedChildren")) {
                    return List.copyOf(zombies);
                }
                return method.invoke(Platforms.current(), args);
            });

    private final OrphanReaper.CLib libc = (pid, status, options) -> {
        waited.add(pid);
        assertThat(options).as("never blocks").isEqualTo(1);
        zombies.remove(Long.valueOf(pid));
        return pid;
    };

    @Test
    void aZombieIsReapedOnlyWhenItIsStillThereOnTheNextLook() {
        OrphanReaper reaper = new OrphanReaper(platform, libc);
        zombies.addAll(List.of(10L, 11L));
        reaper.reapOnce();
        assertThat(waited).as("seen once: may be a child the JDK is about to reap").isEmpty();

        zombies.remove(10L); // the JDK reaped its own child meanwhile
        zombies.add(12L);
        reaper.reapOnce();
        assertThat(waited).containsExactly(11);
        assertThat(zombies).containsExactly(12L);

        reaper.reapOnce();
        assertThat(waited).containsExactly(11, 12);
        assertThat(zombies).isEmpty();
    }
}
