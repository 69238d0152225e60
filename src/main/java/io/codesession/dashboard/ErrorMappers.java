package io.codesession.dashboard;

import io.codesession.common.CsException;
import io.codesession.common.Json;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure becomes a short answer without a stack trace (weakness SEC-8): JSON
 * {@code {"error": …}} under {@code /api}, a small HTML page elsewhere.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiError e, HttpServerRequest req) {
        return respond(req, e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response cs(CsException e, HttpServerRequest req) {
        int status = switch (e.code()) {
            case CsException.SESSION_NOT_FOUND -> 404;
            case CsException.INVALID_INPUT -> 400;
            default -> 500;
        };
        return respond(req, status, e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest req) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String message = switch (status) {
            case 404 -> "Not found";
            case 405 -> "Method " + req.method().name() + " is not allowed here";
            case 406 -> "Not acceptable";
            case 413 -> "Request body too large (limit " + SecurityFilter.MAX_BODY + " bytes)";
            case 415 -> "Unsupported content type: send application/json";
            case 400 -> "Bad request";
            default -> "Request failed";
        };
        Response r = respond(req, status, message);
        if (status == 405 && e.getResponse().getHeaderString("Allow") != null) {
            return Response.fromResponse(r).header("Allow", e.getResponse().getHeaderString("Allow")).build();
        }
        return r;
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest req) {
        LOG.errorf(e, "Unexpected error on %s %s", req.method(), req.path());
        return respond(req, 500, "Internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
    }

    static Response respond(HttpServerRequest req, int status, String message) {
        if (SecurityFilter.isApi(req.path())) {
            return Response.status(status).type(ApiEndpoints.JSON).entity(Json.compact(Json.obj().add("error", message)))
                    .build();
        }
        return Response.status(status).type("text/html; charset=utf-8").entity(Pages.errorPage(status, message)).build();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
