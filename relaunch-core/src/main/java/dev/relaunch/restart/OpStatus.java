package dev.relaunch.restart;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The states of a restart operation; the last four are final; {@code rolling_back}: a failed stop-then-start is starting the previous configuration again. */
public enum OpStatus {
    PENDING, STARTING, READY, DRAINING, ROLLING_BACK, RESTARTED, FAILED, PID_UNCHANGED, STARTED_BUT_UNHEALTHY;

    public boolean isFinal() {
        return ordinal() >= RESTARTED.ordinal();
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static OpStatus of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
