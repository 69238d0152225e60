package io.codesession.importers;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Splits a stream into lines of bytes ({@code \n}, a trailing {@code \r} dropped) without decoding them. */
final class Lines {

    /** Receives one line: buffer, offset, length (valid only during the call). */
    interface Sink {
        void line(byte[] buf, int off, int len);
    }

    private Lines() {
    }

    static void each(InputStream in, Sink sink) throws IOException {
        byte[] buf = new byte[1 << 20];
        int start = 0;
        int end = 0;
        while (true) {
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                break;
            }
            int scanFrom = end;
            end += n;
            for (int i = scanFrom; i < end; i++) {
                if (buf[i] == '\n') {
                    emit(sink, buf, start, i);
                    start = i + 1;
                }
            }
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            } else if (end == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
            }
        }
        if (end > start) {
            emit(sink, buf, start, end);
        }
    }

    private static void emit(Sink sink, byte[] buf, int from, int to) {
        int len = to - from;
        if (len > 0 && buf[to - 1] == '\r') {
            len--;
        }
        sink.line(buf, from, len);
    }

    static boolean isBlank(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }

    static boolean contains(byte[] b, int off, int len, byte[] needle) {
        int last = off + len - needle.length;
        outer:
        for (int i = off; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
