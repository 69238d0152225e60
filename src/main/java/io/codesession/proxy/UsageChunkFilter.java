package io.codesession.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Relays a chat-completions event stream whose request the proxy changed to ask for usage,
 * without the one chunk that change added: the final chunk with an empty {@code choices} array
 * and a {@code usage} object, which a client that did not ask for it may not expect. Events are
 * forwarded whole, each as soon as its terminating blank line arrives; every other byte is
 * forwarded unchanged. An event larger than the cap ends filtering (the rest is relayed as is).
 */
final class UsageChunkFilter {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] USAGE = "usage".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHOICES = "choices".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final int max;
    private byte[] buf = new byte[8192];
    private int len;
    /** Where scanning resumes, and where the current line starts. */
    private int scan;
    private int lineStart;
    private boolean passThrough;
    private boolean dropped;

    UsageChunkFilter(OutputStream out, int maxEventBytes) {
        this.out = out;
        this.max = maxEventBytes;
    }

    boolean dropped() {
        return dropped;
    }

    void write(byte[] b, int off, int n) throws IOException {
        if (passThrough) {
            out.write(b, off, n);
            out.flush();
            return;
        }
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(b, off, buf, len, n);
        len += n;
        int eventStart = 0;
        int i = scan;
        while (i < len) {
            byte c = buf[i];
            int next;
            if (c == '\n') {
                next = i + 1;
            } else if (c == '\r') {
                if (i + 1 == len) {
                    break; // CR or CRLF: decide with the next read
                }
                next = buf[i + 1] == '\n' ? i + 2 : i + 1;
            } else {
                i++;
                continue;
            }
            boolean blank = i == lineStart;
            lineStart = next;
            i = next;
            if (blank) {
                emit(eventStart, next);
                eventStart = next;
            }
        }
        // keep the incomplete event
        System.arraycopy(buf, eventStart, buf, 0, len - eventStart);
        len -= eventStart;
        scan = i - eventStart;
        lineStart -= eventStart;
        if (len > max) {
            passThrough = true;
            out.write(buf, 0, len);
            len = 0;
            buf = null;
        }
        out.flush();
    }

    /** The end of the stream: whatever is left is forwarded. */
    void finish() throws IOException {
        if (!passThrough && len > 0) {
            out.write(buf, 0, len);
            len = 0;
        }
        out.flush();
    }

    private void emit(int from, int to) throws IOException {
        if (!dropped && isAddedUsageChunk(buf, from, to)) {
            dropped = true;
            return;
        }
        out.write(buf, from, to - from);
    }

    /** Whether an event is a chunk with {@code "choices": []} and a {@code usage} object. */
    static boolean isAddedUsageChunk(byte[] b, int from, int to) {
        byte[] event = Arrays.copyOfRange(b, from, to);
        if (!UsageReader.contains(event, event.length, USAGE) || !UsageReader.contains(event, event.length, CHOICES)) {
            return false;
        }
        byte[][] data = {null};
        SseReader r = new SseReader((d, n) -> data[0] = Arrays.copyOf(d, n), Integer.MAX_VALUE);
        r.accept(event, 0, event.length);
        r.end();
        if (data[0] == null) {
            return false;
        }
        try {
            JsonNode n = MAPPER.readTree(data[0]);
            JsonNode choices = n.get("choices");
            JsonNode usage = n.get("usage");
            return choices != null && choices.isArray() && choices.isEmpty() && usage != null && usage.isObject();
        } catch (IOException e) {
            return false;
        }
    }
}
