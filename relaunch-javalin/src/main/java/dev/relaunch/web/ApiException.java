package dev.relaunch.web;

import java.util.Map;

/**
 * Ends a request with a JSON error {@code {"error":{"code","message"}}} and the given HTTP status. {@code details}
 * adds members a client reads instead of parsing the message (e.g. {@code field} and {@code problem} of a refused
 * setting); they never replace the message, which stays whole for API users.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, String> details;

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiException(int status, String code, String message, Map<String, String> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Members of the error object beside {@code code} and {@code message}; empty for most errors. */
    public Map<String, String> details() {
        return details;
    }
}
