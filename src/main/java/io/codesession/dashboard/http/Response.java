package io.codesession.dashboard.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What a handler answers: status, content type, headers and either a complete body or a
 * {@link Body} that streams into the connection (never buffered whole). Header names and values
 * are checked when set: a control character (CR/LF above all) is a programming error here, so
 * request data can never split a header.
 */
public final class Response {

    /** A streamed body. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final byte[] EMPTY = new byte[0];

    private final int status;
    private final String contentType;
    private final byte[] bytes;
    private final Body stream;
    private final List<String[]> headers = new ArrayList<>();

    private Response(int status, String contentType, byte[] bytes, Body stream) {
        if (contentType != null) {
            check("Content-Type", contentType);
        }
        this.status = status;
        this.contentType = contentType;
        this.bytes = bytes;
        this.stream = stream;
    }

    public static Response of(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), null);
    }

    public static Response of(int status, String contentType, byte[] body) {
        return new Response(status, contentType, body, null);
    }

    public static Response stream(int status, String contentType, Body body) {
        return new Response(status, contentType, null, body);
    }

    /** A body-less answer with a {@code Location} (303 after a form post, for instance). */
    public static Response redirect(int status, String location) {
        return new Response(status, null, EMPTY, null).header("Location", location);
    }

    /** Adds a header (several values for one name are allowed). */
    public Response header(String name, String value) {
        check(name, value);
        headers.add(new String[] {name, value});
        return this;
    }

    /** Adds a header unless one of that name is already there. */
    public Response headerIfAbsent(String name, String value) {
        return header(name) == null ? header(name, value) : this;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    /** The complete body, or null for a streamed one. */
    public byte[] bytes() {
        return bytes;
    }

    /** The streamed body, or null. */
    public Body stream() {
        return stream;
    }

    public List<String[]> headers() {
        return Collections.unmodifiableList(headers);
    }

    /** The body as text (complete bodies only), for tests and logs. */
    public String text() {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static void check(String name, String value) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                throw new IllegalArgumentException("invalid header name: " + name.toLowerCase(Locale.ROOT));
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException("control character in the value of header " + name);
            }
        }
    }
}
