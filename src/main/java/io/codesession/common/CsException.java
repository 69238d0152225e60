package io.codesession.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A handled, user-facing failure. Carries a stable machine-readable {@code code} (the spec's
 * error codes), a human message, and optional extra fields that are merged into the JSON
 * error object.
 */
public class CsException extends RuntimeException {

    public static final String SESSION_ACTIVE = "session_active";
    public static final String SESSION_NOT_FOUND = "session_not_found";
    public static final String NO_ACTIVE_SESSION = "no_active_session";
    public static final String INVALID_INPUT = "invalid_input";
    public static final String MISSING_TOKENS = "missing_tokens";
    public static final String UNKNOWN_MODEL = "unknown_model";
    public static final String PRICING_FILE_INVALID = "pricing_file_invalid";
    public static final String SETTINGS_FILE_INVALID = "settings_file_invalid";
    public static final String STORAGE_ERROR = "storage_error";
    public static final String IO_ERROR = "io_error";
    public static final String USAGE_ERROR = "usage_error";
    /** {@code cs today remove} of a directory that is not registered. */
    public static final String PROJECT_NOT_FOUND = "project_not_found";

    private final String code;
    private final Map<String, Object> extras = new LinkedHashMap<>();

    public CsException(String code, String message) {
        super(message);
        this.code = code;
    }

    public CsException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public static CsException invalid(String message) {
        return new CsException(INVALID_INPUT, message);
    }

    public CsException with(String key, Object value) {
        extras.put(key, value);
        return this;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> extras() {
        return extras;
    }
}
