package io.codesession.usage;

/** Dollars per one million tokens. */
public record Price(double input, double output) {
}
