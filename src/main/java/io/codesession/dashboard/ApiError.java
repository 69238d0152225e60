package io.codesession.dashboard;

/**
 * An API failure with its HTTP status; rendered as {@code {"error": message}} (an HTML page outside
 * the API). Thrown by the services, so it does not depend on the HTTP layer (whose classes only
 * {@code cs dashboard} loads).
 */
public class ApiError extends RuntimeException {

    private final int status;

    public ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, message);
    }
}
