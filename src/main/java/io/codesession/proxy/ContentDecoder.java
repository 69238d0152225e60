package io.codesession.proxy;

import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a copy of a compressed response body incrementally, as it is relayed: {@code gzip}
 * (several members allowed) and {@code deflate} (zlib-wrapped as RFC 9110 says, or raw as some
 * servers send it). The client always receives the compressed bytes unchanged; only the usage
 * reader sees the decoded ones. After a decoding error the decoder goes quiet ({@link #failed()}).
 */
final class ContentDecoder implements ByteSink {

    private enum Kind { GZIP, DEFLATE }

    private enum State { HEADER, BODY, TRAILER, DONE, FAILED }

    private final Kind kind;
    private final ByteSink out;
    private final byte[] buf = new byte[16 * 1024];
    private Inflater inflater;
    private State state;
    // gzip header parsing
    private final byte[] header = new byte[10];
    private int headerRead;
    private int flags;
    private int extraRemaining = -1;
    private int extraLenRead;
    private int extraLen;
    private boolean nameDone;
    private boolean commentDone;
    private int crcRemaining;
    private int trailerRemaining;
    private int members;

    private ContentDecoder(Kind kind, ByteSink out) {
        this.kind = kind;
        this.out = out;
        this.state = kind == Kind.GZIP ? State.HEADER : State.BODY;
    }

    /**
     * A sink that decodes {@code contentEncoding} into {@code out}: {@code out} itself for no or
     * identity encoding, a decoder for gzip/deflate, null for anything else (not readable).
     */
    static ByteSink wrap(String contentEncoding, ByteSink out) {
        String e = contentEncoding == null ? "" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        return switch (e) {
            case "", "identity" -> out;
            case "gzip", "x-gzip" -> new ContentDecoder(Kind.GZIP, out);
            case "deflate" -> new ContentDecoder(Kind.DEFLATE, out);
            default -> null;
        };
    }

    boolean failed() {
        return state == State.FAILED;
    }

    @Override
    public void accept(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && state != State.FAILED && state != State.DONE) {
            switch (state) {
                case HEADER -> i = header(b, i, end);
                case BODY -> i = inflate(b, i, end);
                case TRAILER -> {
                    int n = Math.min(trailerRemaining, end - i);
                    trailerRemaining -= n;
                    i += n;
                    if (trailerRemaining == 0) {
                        members++;
                        // another gzip member may follow
                        state = State.HEADER;
                        resetHeader();
                    }
                }
                default -> i = end;
            }
        }
    }

    @Override
    public void end() {
        if (state == State.FAILED) {
            return;
        }
        // A gzip stream ends after a member's trailer (state HEADER; a short padding is ignored) or at DONE.
        boolean complete = state == State.DONE || (kind == Kind.GZIP && state == State.HEADER && members > 0)
                || (kind == Kind.DEFLATE && inflater != null && inflater.finished());
        if (inflater != null) {
            inflater.end();
        }
        if (complete) {
            out.end();
        } else {
            state = State.FAILED;
        }
    }

    private void resetHeader() {
        headerRead = 0;
        flags = 0;
        extraRemaining = -1;
        extraLenRead = 0;
        extraLen = 0;
        nameDone = false;
        commentDone = false;
        crcRemaining = 0;
    }

    /** Consumes gzip header bytes; returns the index of the first byte not consumed. */
    private int header(byte[] b, int i, int end) {
        while (i < end && headerRead < 10) {
            header[headerRead++] = b[i++];
            if (headerRead == 10) {
                if ((header[0] & 0xff) != 0x1f || (header[1] & 0xff) != 0x8b || header[2] != 8) {
                    // after a complete member: trailing padding, ignored (as GZIPInputStream does)
                    state = members > 0 ? State.DONE : State.FAILED;
                    return end;
                }
                flags = header[3] & 0xff;
                extraRemaining = (flags & 4) != 0 ? -2 : 0; // -2: length not read yet
                nameDone = (flags & 8) == 0;
                commentDone = (flags & 16) == 0;
                crcRemaining = (flags & 2) != 0 ? 2 : 0;
            }
        }
        if (headerRead < 10) {
            return i;
        }
        while (i < end && extraRemaining == -2) {
            extraLen |= (b[i++] & 0xff) << (8 * extraLenRead++);
            if (extraLenRead == 2) {
                extraRemaining = extraLen;
            }
        }
        if (extraRemaining < 0) {
            return i;
        }
        int skip = Math.min(extraRemaining, end - i);
        extraRemaining -= skip;
        i += skip;
        if (extraRemaining > 0) {
            return i;
        }
        while (i < end && !nameDone) {
            nameDone = b[i++] == 0;
        }
        while (i < end && nameDone && !commentDone) {
            commentDone = b[i++] == 0;
        }
        if (!nameDone || !commentDone) {
            return i;
        }
        int crc = Math.min(crcRemaining, end - i);
        crcRemaining -= crc;
        i += crc;
        if (crcRemaining == 0) {
            state = State.BODY;
            inflater = new Inflater(true);
        }
        return i;
    }

    private int inflate(byte[] b, int i, int end) {
        if (inflater == null) {
            // deflate: zlib-wrapped (RFC 1950 header: CMF 0x?8, (CMF*256+FLG) % 31 == 0) or raw;
            // the first two bytes decide
            byte[] first = pending == null ? java.util.Arrays.copyOfRange(b, i, end) : concat(pending, b, i, end);
            if (first.length < 2) {
                pending = first;
                return end;
            }
            pending = null;
            int cmf = first[0] & 0xff;
            int flg = first[1] & 0xff;
            boolean zlib = (cmf & 0x0f) == 8 && ((cmf << 8) | flg) % 31 == 0;
            inflater = new Inflater(!zlib);
            feed(first, 0, first.length);
            return end;
        }
        return feed(b, i, end);
    }

    private byte[] pending;

    private static byte[] concat(byte[] a, byte[] b, int off, int end) {
        byte[] out = new byte[a.length + end - off];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, off, out, a.length, end - off);
        return out;
    }

    /** Inflates [i, end); returns the index after the last byte that belongs to this deflate stream. */
    private int feed(byte[] b, int i, int end) {
        inflater.setInput(b, i, end - i);
        try {
            while (true) {
                int n = inflater.inflate(buf);
                if (n > 0) {
                    out.accept(buf, 0, n);
                }
                if (inflater.finished()) {
                    int used = end - i - inflater.getRemaining();
                    int next = i + used;
                    if (kind == Kind.GZIP) {
                        inflater.end();
                        inflater = null;
                        state = State.TRAILER;
                        trailerRemaining = 8;
                    } else {
                        state = State.DONE;
                    }
                    return next;
                }
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    if (inflater.needsDictionary()) {
                        state = State.FAILED;
                    }
                    return end;
                }
            }
        } catch (DataFormatException e) {
            state = State.FAILED;
            return end;
        }
    }
}
