package io.codesession.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * What one server runs with: the bound host, the access token of an exposed bind, whether it
 * serves the demo store, and the per-server secrets (CSRF token, cookie value). Made by
 * {@code cs dashboard} from its options (tests make their own).
 */
public final class DashboardConfig {

    private final String host;
    private final String token;
    private final String csrfToken;
    private final String cookieValue;
    private final boolean demo;

    /** {@code token}: null on a loopback bind, else the access token every request must carry. */
    public DashboardConfig(String host, String token, boolean demo) {
        this.host = host;
        this.token = token == null || token.isBlank() ? null : token;
        this.demo = demo;
        this.csrfToken = newToken();
        this.cookieValue = newToken();
    }

    /** 24 random bytes, base64url without padding: 32 characters. */
    public static String newToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public String host() {
        return host;
    }

    /** Present iff the bind is exposed (non-loopback): every request must then authenticate. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    public boolean exposed() {
        return token != null;
    }

    public boolean demo() {
        return demo;
    }

    public String csrfToken() {
        return csrfToken;
    }

    /** The value of the session cookie set after a successful token login. */
    public String cookieValue() {
        return cookieValue;
    }

    /** Constant-time comparison of secrets (length is not secret: tokens have a fixed size). */
    public static boolean same(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
