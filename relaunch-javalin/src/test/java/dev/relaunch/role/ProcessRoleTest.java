package dev.relaunch.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relaunch.restart.RestartService;
import org.junit.jupiter.api.Test;

class ProcessRoleTest {
    @Test
    void anInertRoleSaysWhyBeforeAndWhenARestartIsAsked() {
        String why = "Tomcat cannot share its port: run the app under `relaunch start -- …`";
        RestartService restarts = ProcessRole.inert("standalone", why).restarts();

        assertThat(restarts.unavailableReason()).contains(why);
        assertThatThrownBy(() -> restarts.request("ui")).isInstanceOf(RestartService.RestartUnavailableException.class)
                .hasMessage(why);
    }
}
