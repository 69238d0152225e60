package io.codesession.proxy;

import java.util.Arrays;

/** Keeps a copy of a (decoded) JSON response body up to a cap, for reading its usage at the end. */
final class JsonCapture implements ByteSink {

    interface Listener {
        void document(byte[] data, int len);
    }

    private final Listener listener;
    private final int max;
    private byte[] buf = new byte[8192];
    private int len;
    private boolean overflow;

    JsonCapture(Listener listener, int maxBytes) {
        this.listener = listener;
        this.max = maxBytes;
    }

    boolean overflow() {
        return overflow;
    }

    @Override
    public void accept(byte[] b, int off, int n) {
        if (overflow) {
            return;
        }
        if (len + n > max) {
            overflow = true;
            buf = null;
            return;
        }
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(max, Math.max(buf.length * 2, len + n)));
        }
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    @Override
    public void end() {
        if (!overflow) {
            listener.document(buf, len);
        }
    }
}
