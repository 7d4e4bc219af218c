package dev.relaunch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

class AppLauncherTest {
    public static class WithBoth {
        public static void main() {
        }

        public static void main(String[] args) {
        }
    }

    public static class Inherits extends WithBoth {
    }

    @Test
    void runsTheMainMethodTheJavaLauncherWouldRun() {
        Method m = AppLauncher.mainMethod(WithBoth.class);
        assertThat(m.getParameterTypes()).containsExactly(String[].class);
        assertThat(AppLauncher.mainMethod(Inherits.class)).as("inherited, as the launcher finds it").isEqualTo(m);
    }
}
