package io.codesession.proxy;

/** Receives a response body piece by piece, as it is relayed. */
interface ByteSink {

    void accept(byte[] b, int off, int len);

    /** The body is complete (not called when the relay was cut short). */
    void end();
}
