package dev.relaunch.web;

import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer Jetty writes itself, for a request it refuses before Javalin sees it (a NUL or control character in the
 * request line, headers too large, a missing or duplicated Host, conflicting lengths): the API's JSON error shape with
 * the security headers, instead of Jetty's HTML page. Never repeats the request. Server-wide: only the built-in
 * server, which owns the whole Jetty server, installs it.
 */
public final class JettyErrorPage extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException http) {
            status = http.getCode();
            response.setStatus(status);
        }
        HttpFields.Mutable headers = response.getHeaders();
        SecurityHeaders.VALUES.forEach(headers::put);
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        if (HttpStatus.hasNoBody(status) || HttpMethod.HEAD.is(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        byte[] body = JsonReply.bytes(Map.of("error", JsonReply.errorBody(jettyCode(status),
                "the request is malformed and was refused (HTTP " + status + " " + HttpStatus.getMessage(status)
                        + "); check the request line, the headers and their sizes")));
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    static String jettyCode(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 505 -> "http_version_not_supported";
            default -> "http_" + status;
        };
    }
}
