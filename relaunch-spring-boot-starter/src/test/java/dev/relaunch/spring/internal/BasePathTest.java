package dev.relaunch.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BasePathTest {
    @Test
    void addsTheLeadingSlashAndDropsTrailingOnes() {
        assertThat(BasePath.normalize("relaunch/")).isEqualTo("/relaunch");
        assertThat(BasePath.normalize(" /admin/relaunch ")).isEqualTo("/admin/relaunch");
    }

    @Test
    void refusesTheRootAndPathsThatAreNotPlain() {
        for (String bad : new String[] {"/", "", null, "/a b", "/relaunch/*", "/../x"}) {
            assertThatThrownBy(() -> BasePath.normalize(bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relaunch.base-path");
        }
    }
}
