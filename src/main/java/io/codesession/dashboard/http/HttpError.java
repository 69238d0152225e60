package io.codesession.dashboard.http;

/**
 * A request that cannot be served: the status to answer and a message that is safe to show the
 * client (it never carries a stack trace). {@code allow} is the {@code Allow} header of a 405.
 */
public class HttpError extends RuntimeException {

    private final int status;
    private final String allow;

    public HttpError(int status, String message) {
        this(status, message, null);
    }

    public HttpError(int status, String message, String allow) {
        super(message, null, false, false);
        this.status = status;
        this.allow = allow;
    }

    public int status() {
        return status;
    }

    /** The methods a 405 names in its {@code Allow} header, or null. */
    public String allow() {
        return allow;
    }
}
