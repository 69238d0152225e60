package io.codesession.dashboard;

import io.codesession.common.CsException;
import io.codesession.common.Json;
import io.codesession.dashboard.http.HttpError;
import io.codesession.dashboard.http.Request;
import io.codesession.dashboard.http.Response;
import org.jboss.logging.Logger;

/**
 * Every failure becomes a short answer without a stack trace (weakness SEC-8): JSON
 * {@code {"error": …}} under {@code /api}, a small HTML page elsewhere.
 */
final class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private ErrorMappers() {
    }

    static Response render(Request req, Throwable e) {
        if (e instanceof ApiError a) {
            return respond(req, a.status(), a.getMessage());
        }
        if (e instanceof HttpError h) {
            Response r = respond(req, h.status(), h.getMessage());
            return h.allow() == null ? r : r.header("Allow", h.allow());
        }
        if (e instanceof CsException c) {
            int status = switch (c.code()) {
                case CsException.SESSION_NOT_FOUND -> 404;
                case CsException.INVALID_INPUT -> 400;
                default -> 500;
            };
            return respond(req, status, c.getMessage());
        }
        LOG.errorf(e, "Unexpected error on %s %s", req.method(), req.rawPath());
        return respond(req, 500, "Internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
    }

    static Response respond(Request req, int status, String message) {
        if (SecurityFilter.isApi(req)) {
            return Response.of(status, ApiEndpoints.JSON, Json.compact(Json.obj().add("error", message)));
        }
        return Response.of(status, Pages.HTML, Pages.errorPage(status, message));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
