package io.codesession.dashboard;

import io.codesession.dashboard.http.HttpError;

/** An API failure with its HTTP status; rendered as {@code {"error": message}} (an HTML page outside the API). */
public class ApiError extends HttpError {

    public ApiError(int status, String message) {
        super(status, message);
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, message);
    }
}
