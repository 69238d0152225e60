package io.codesession.proxy;

import java.util.Arrays;

/**
 * Assembles server-sent events from a byte stream, as it arrives: lines end at LF, CRLF or CR;
 * {@code data:} lines are joined with LF; a blank line dispatches the event. Lines are split on
 * bytes, so a multi-byte character split across reads is never corrupted. One event's data is
 * capped: a larger event is skipped and counted ({@link #oversized()}), and memory stays bounded
 * even when no line break ever arrives.
 */
final class SseReader implements ByteSink {

    interface Listener {
        void event(byte[] data, int len);
    }

    private final Listener listener;
    private final int max;
    private byte[] line = new byte[1024];
    private int lineLen;
    private boolean lineOverflow;
    private byte[] data = new byte[1024];
    private int dataLen;
    private boolean hasData;
    private boolean dataOverflow;
    private boolean afterCr;
    private int oversized;

    SseReader(Listener listener, int maxEventBytes) {
        this.listener = listener;
        this.max = maxEventBytes;
    }

    int oversized() {
        return oversized;
    }

    @Override
    public void accept(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (afterCr) {
                afterCr = false;
                if (b[i] == '\n') {
                    i++;
                    continue;
                }
            }
            int j = i;
            while (j < end && b[j] != '\n' && b[j] != '\r') {
                j++;
            }
            appendLine(b, i, j - i);
            if (j == end) {
                return;
            }
            afterCr = b[j] == '\r';
            line();
            i = j + 1;
        }
    }

    @Override
    public void end() {
        if (lineLen > 0 || lineOverflow) {
            line();
        }
        dispatch();
    }

    private void appendLine(byte[] b, int off, int len) {
        if (len == 0 || lineOverflow) {
            return;
        }
        if (lineLen + len > max) {
            lineOverflow = true;
            // keep the start: the field name still tells whether a data line was lost
            len = Math.min(len, Math.max(0, 16 - lineLen));
        }
        if (lineLen + len > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + len));
        }
        System.arraycopy(b, off, line, lineLen, len);
        lineLen += len;
    }

    private void line() {
        try {
            if (lineLen == 0 && !lineOverflow) {
                dispatch();
                return;
            }
            if (line[0] == ':') {
                return; // comment
            }
            int colon = indexOf(line, lineLen, (byte) ':');
            int nameEnd = colon < 0 ? lineLen : colon;
            if (nameEnd != 4 || line[0] != 'd' || line[1] != 'a' || line[2] != 't' || line[3] != 'a') {
                return; // event, id, retry: not needed
            }
            if (lineOverflow) {
                dataOverflow = true;
                hasData = true;
                return;
            }
            int start = colon < 0 ? lineLen : colon + 1;
            if (start < lineLen && line[start] == ' ') {
                start++;
            }
            appendData(line, start, lineLen - start);
        } finally {
            lineLen = 0;
            lineOverflow = false;
        }
    }

    private void appendData(byte[] b, int off, int len) {
        int need = (hasData ? 1 : 0) + len;
        if (dataOverflow || dataLen + need > max) {
            dataOverflow = true;
            hasData = true;
            return;
        }
        if (dataLen + need > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, dataLen + need));
        }
        if (hasData) {
            data[dataLen++] = '\n';
        }
        System.arraycopy(b, off, data, dataLen, len);
        dataLen += len;
        hasData = true;
    }

    private void dispatch() {
        if (hasData) {
            if (dataOverflow) {
                oversized++;
            } else {
                listener.event(data, dataLen);
            }
        }
        hasData = false;
        dataOverflow = false;
        dataLen = 0;
        if (data.length > 64 * 1024) {
            data = new byte[1024]; // do not keep a large buffer for the rest of a long stream
        }
        if (line.length > 64 * 1024) {
            line = new byte[1024];
        }
    }

    static int indexOf(byte[] b, int len, byte c) {
        for (int i = 0; i < len; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
