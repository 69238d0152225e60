package io.codesession.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the server was started with: bound host, the access token of an exposed bind, and the
 * per-process secrets (CSRF token, cookie value). Read from configuration, which
 * {@link DashboardLaunch} fills from the command line (tests set it through profiles).
 */
@ApplicationScoped
public class DashboardConfig {

    private final String host;
    private final String token;
    private final String csrfToken;
    private final String cookieValue;
    private final boolean demo;

    public DashboardConfig() {
        var config = ConfigProvider.getConfig();
        this.host = config.getOptionalValue(DashboardLaunch.HOST, String.class)
                .or(() -> config.getOptionalValue("quarkus.http.host", String.class))
                .orElse(DashboardOptions.DEFAULT_HOST);
        this.token = config.getOptionalValue(DashboardLaunch.TOKEN, String.class).filter(t -> !t.isBlank()).orElse(null);
        this.demo = config.getOptionalValue(DashboardLaunch.DEMO_DIR, String.class).isPresent();
        this.csrfToken = random();
        this.cookieValue = random();
    }

    private static String random() {
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
