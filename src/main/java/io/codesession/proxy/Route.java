package io.codesession.proxy;

import java.util.List;
import java.util.Map;

/**
 * Where a request goes and whether its usage is read. {@code POST /v1/messages} (Anthropic),
 * {@code POST /v1/chat/completions} and {@code POST /v1/responses} (OpenAI) are metered; every
 * other request is passed through untouched, to Anthropic when its path is an Anthropic one
 * ({@code /v1/messages/…}, {@code /v1/complete}) or it carries an {@code anthropic-version} or
 * {@code x-api-key} header (what Anthropic clients send), otherwise to OpenAI.
 */
public record Route(Provider provider, Api api) {

    /** The metered endpoints; {@code NONE} is a pass-through. */
    public enum Api {
        MESSAGES("/v1/messages"),
        CHAT_COMPLETIONS("/v1/chat/completions"),
        RESPONSES("/v1/responses"),
        NONE(null);

        private final String path;

        Api(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }
    }

    public static final List<String> METERED = List.of(Api.MESSAGES.path, Api.CHAT_COMPLETIONS.path, Api.RESPONSES.path);

    public boolean metered() {
        return api != Api.NONE;
    }

    /**
     * Routes a request. {@code headers} maps lower-case names to values; {@code rawPath} is the
     * path without the query. A metered path matches exactly, or with one trailing slash.
     */
    public static Route of(String method, String rawPath, Map<String, List<String>> headers) {
        String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        if ("POST".equals(method)) {
            if (path.equals(Api.MESSAGES.path)) {
                return new Route(Provider.ANTHROPIC, Api.MESSAGES);
            }
            if (path.equals(Api.CHAT_COMPLETIONS.path)) {
                return new Route(Provider.OPENAI, Api.CHAT_COMPLETIONS);
            }
            if (path.equals(Api.RESPONSES.path)) {
                return new Route(Provider.OPENAI, Api.RESPONSES);
            }
        }
        boolean anthropic = path.equals(Api.MESSAGES.path) || path.startsWith(Api.MESSAGES.path + "/")
                || path.equals("/v1/complete") || headers.containsKey("anthropic-version")
                || headers.containsKey("x-api-key");
        return new Route(anthropic ? Provider.ANTHROPIC : Provider.OPENAI, Api.NONE);
    }
}
