package io.codesession.usage;

/** The pricing entry a model resolved to, and where it came from ({@code built-in} or {@code custom}). */
public record PriceMatch(String key, Price price, String source) {
}
