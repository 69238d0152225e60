package io.codesession.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What the proxy reads from a metered request body: the requested model (the fallback when a
 * response names none) and, for OpenAI chat completions, whether usage must be requested.
 *
 * <p>A streamed chat completion only reports usage when {@code stream_options.include_usage} is
 * true. When the client asked for a stream without it, {@link #withIncludeUsage} returns the body
 * with that one value added (or set) by splicing bytes: every other byte of the request is
 * forwarded as the client wrote it. The proxy then removes the extra usage chunk from what the
 * client receives ({@link UsageChunkFilter}).
 */
public final class RequestBody {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] FIELD = ",\"stream_options\":{\"include_usage\":true}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OPTIONS = "{\"include_usage\":true}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

    private RequestBody() {
    }

    /** The parsed facts; offsets are byte offsets into the body, -1 when absent. */
    public record Info(boolean json, String model, boolean stream, JsonToken streamOptions, int streamOptionsStart,
            int streamOptionsEnd, boolean streamOptionsEmpty, JsonToken includeUsage, int includeUsageStart, int objectEnd) {

        static final Info NOT_JSON = new Info(false, null, false, null, -1, -1, true, null, -1, -1);

        /** Whether this is a streamed chat request that does not ask for usage. */
        public boolean needsIncludeUsage() {
            return json && stream && includeUsage != JsonToken.VALUE_TRUE;
        }
    }

    /** Reads a request body (any bytes; a body that is not one JSON object gives {@link Info#NOT_JSON}). */
    public static Info read(byte[] body) {
        if (body == null || body.length == 0) {
            return Info.NOT_JSON;
        }
        String model = null;
        boolean stream = false;
        JsonToken options = null;
        int optionsStart = -1;
        int optionsEnd = -1;
        boolean optionsEmpty = true;
        JsonToken include = null;
        int includeStart = -1;
        int objectEnd;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Info.NOT_JSON;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "model" -> {
                        model = v == JsonToken.VALUE_STRING ? p.getText() : null;
                        p.skipChildren();
                    }
                    case "stream" -> {
                        stream = v == JsonToken.VALUE_TRUE;
                        p.skipChildren();
                    }
                    case "stream_options" -> {
                        options = v;
                        optionsStart = offset(p);
                        optionsEmpty = true;
                        include = null;
                        includeStart = -1;
                        if (v == JsonToken.START_OBJECT) {
                            JsonToken f;
                            while ((f = p.nextToken()) == JsonToken.FIELD_NAME) {
                                optionsEmpty = false;
                                String name = p.currentName();
                                JsonToken iv = p.nextToken();
                                if (name.equals("include_usage")) {
                                    include = iv;
                                    includeStart = offset(p);
                                }
                                p.skipChildren();
                            }
                            if (f != JsonToken.END_OBJECT) {
                                return Info.NOT_JSON;
                            }
                            optionsEnd = offset(p); // the closing brace
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return Info.NOT_JSON;
            }
            objectEnd = offset(p);
            if (p.nextToken() != null) {
                return Info.NOT_JSON;
            }
        } catch (IOException | RuntimeException e) {
            return Info.NOT_JSON;
        }
        return new Info(true, model, stream, options, optionsStart, optionsEnd, optionsEmpty, include, includeStart,
                objectEnd);
    }

    private static int offset(JsonParser p) {
        return (int) p.currentTokenLocation().getByteOffset();
    }

    /**
     * The chat request with {@code stream_options.include_usage = true}, or null when it needs
     * no change or cannot be changed safely (stream_options or include_usage of an unexpected type:
     * the request is then forwarded as is and the API's own validation answers).
     */
    public static byte[] withIncludeUsage(byte[] body, Info info) {
        if (!info.needsIncludeUsage()) {
            return null;
        }
        if (info.streamOptions() == null) {
            return splice(body, info.objectEnd(), info.objectEnd(), FIELD);
        }
        if (info.streamOptions() == JsonToken.VALUE_NULL) {
            return splice(body, info.streamOptionsStart(), info.streamOptionsStart() + 4, OPTIONS);
        }
        if (info.streamOptions() != JsonToken.START_OBJECT) {
            return null;
        }
        if (info.includeUsage() == null) {
            byte[] field = ((info.streamOptionsEmpty() ? "" : ",") + "\"include_usage\":true")
                    .getBytes(StandardCharsets.US_ASCII);
            return splice(body, info.streamOptionsEnd(), info.streamOptionsEnd(), field);
        }
        return switch (info.includeUsage()) {
            case VALUE_FALSE -> splice(body, info.includeUsageStart(), info.includeUsageStart() + 5, TRUE);
            case VALUE_NULL -> splice(body, info.includeUsageStart(), info.includeUsageStart() + 4, TRUE);
            default -> null;
        };
    }

    /** {@code body} with bytes [from, to) replaced by {@code insert}. */
    static byte[] splice(byte[] body, int from, int to, byte[] insert) {
        byte[] out = new byte[body.length - (to - from) + insert.length];
        System.arraycopy(body, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(body, to, out, from + insert.length, body.length - to);
        return out;
    }
}
