package dev.relaunch.control;

/** A control request that cannot be answered; {@code code} is stable, the message says what to do. */
public final class ControlException extends Exception {
    private final String code;

    public ControlException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
