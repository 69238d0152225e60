package io.codesession.proxy;

import io.codesession.common.CsException;

/** Strict {@code --port} parsing: decimal digits only, 1–65535. */
public final class Ports {

    private Ports() {
    }

    public static int parse(String text) {
        if (text != null && text.matches("[0-9]{1,5}")) {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        }
        throw CsException.invalid("Invalid port: " + (text == null ? "" : text) + ". Use a value between 1 and 65535.");
    }
}
