package io.codesession.proxy;

import io.codesession.common.CsException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * Where the proxy forwards to: one base URL per provider, from {@code CODESESSION_ANTHROPIC_UPSTREAM}
 * and {@code CODESESSION_OPENAI_UPSTREAM} (defaults: the official hosts). A base is an absolute
 * {@code http}/{@code https} URL without query, fragment or credentials; the client's path and
 * query are appended to it unchanged.
 */
public record Upstreams(URI anthropic, URI openai) {

    public static final String ANTHROPIC_ENV = "CODESESSION_ANTHROPIC_UPSTREAM";
    public static final String OPENAI_ENV = "CODESESSION_OPENAI_UPSTREAM";
    public static final String ANTHROPIC_DEFAULT = "https://api.anthropic.com";
    public static final String OPENAI_DEFAULT = "https://api.openai.com";

    public static Upstreams fromEnvironment(Map<String, String> env) {
        return new Upstreams(base(ANTHROPIC_ENV, env.getOrDefault(ANTHROPIC_ENV, ANTHROPIC_DEFAULT)),
                base(OPENAI_ENV, env.getOrDefault(OPENAI_ENV, OPENAI_DEFAULT)));
    }

    /**
     * The upstreams of {@code cs run}: {@code CODESESSION_*_UPSTREAM} when set; else the
     * {@code ANTHROPIC_BASE_URL} / {@code OPENAI_BASE_URL} the command would have used without
     * cs (so a gateway configured there stays in the path; OpenAI's without its trailing
     * {@code /v1}, which the client adds back to every path); else the official hosts. An
     * inherited URL that cannot be used is reported in {@code notes} and replaced by the default.
     */
    public static Upstreams forRun(Map<String, String> env, java.util.List<String> notes) {
        String a = env.get(ANTHROPIC_ENV);
        if (a == null) {
            a = inherited(env, "ANTHROPIC_BASE_URL", ANTHROPIC_DEFAULT, false, notes);
        }
        String o = env.get(OPENAI_ENV);
        if (o == null) {
            o = inherited(env, "OPENAI_BASE_URL", OPENAI_DEFAULT, true, notes);
        }
        return new Upstreams(base(ANTHROPIC_ENV, a), base(OPENAI_ENV, o));
    }

    private static String inherited(Map<String, String> env, String variable, String dflt, boolean stripV1,
            java.util.List<String> notes) {
        String v = env.get(variable);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        String s = v.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (stripV1) {
            if (!s.endsWith("/v1")) {
                notes.add(variable + "=" + v + " does not end in /v1: OpenAI calls go to " + dflt
                        + " (set " + OPENAI_ENV + " to forward them elsewhere)");
                return dflt;
            }
            s = s.substring(0, s.length() - 3);
        }
        try {
            base(variable, s);
            return s;
        } catch (CsException e) {
            notes.add(variable + "=" + v + " is not a usable URL: calls go to " + dflt);
            return dflt;
        }
    }

    /**
     * These upstreams with any base that points at the proxy itself (loopback, {@code port})
     * replaced by the default, so a stale {@code *_BASE_URL} cannot make the proxy call itself.
     */
    public Upstreams withoutLoop(int port, java.util.List<String> notes) {
        URI a = anthropic;
        URI o = openai;
        if (isSelf(a, port)) {
            notes.add("the Anthropic upstream " + a + " is this proxy: using " + ANTHROPIC_DEFAULT);
            a = URI.create(ANTHROPIC_DEFAULT);
        }
        if (isSelf(o, port)) {
            notes.add("the OpenAI upstream " + o + " is this proxy: using " + OPENAI_DEFAULT);
            o = URI.create(OPENAI_DEFAULT);
        }
        return new Upstreams(a, o);
    }

    private static boolean isSelf(URI u, int port) {
        String h = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
        int p = u.getPort() != -1 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
        return p == port && (h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || h.startsWith("127."));
    }

    public URI of(Provider p) {
        return p == Provider.ANTHROPIC ? anthropic : openai;
    }

    /** A validated base URL, without a trailing slash. */
    static URI base(String variable, String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            v = ANTHROPIC_ENV.equals(variable) ? ANTHROPIC_DEFAULT : OPENAI_DEFAULT;
        }
        URI u;
        try {
            u = new URI(v);
        } catch (URISyntaxException e) {
            throw bad(variable, value, "not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw bad(variable, value, "use an http:// or https:// URL");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw bad(variable, value, "no host");
        }
        if (u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw bad(variable, value, "no credentials, query or fragment allowed");
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        try {
            return new URI(scheme + "://" + u.getRawAuthority() + path);
        } catch (URISyntaxException e) {
            throw bad(variable, value, "not a URL");
        }
    }

    /** The upstream URL for a client request's raw path (starting with '/') and raw query (or null). */
    static URI target(URI base, String rawPath, String rawQuery) {
        return URI.create(base + rawPath + (rawQuery == null ? "" : "?" + rawQuery));
    }

    private static CsException bad(String variable, String value, String why) {
        return CsException.invalid("Invalid " + variable + " \"" + value + "\": " + why
                + " (e.g. " + (ANTHROPIC_ENV.equals(variable) ? ANTHROPIC_DEFAULT : OPENAI_DEFAULT) + ")");
    }
}
