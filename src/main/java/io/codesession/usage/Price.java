package io.codesession.usage;

/**
 * Dollars per one million tokens, per billing class: input (uncached prompt), output, cache
 * writes with a 5-minute and a 1-hour lifetime, cache reads; and optionally a long-context tier
 * whose rates bill the <em>whole</em> request once its prompt exceeds the tier's threshold.
 */
public record Price(double input, double output, double cacheWrite5m, double cacheWrite1h, double cacheRead,
        LongContext longContext) {

    /** Default cache multipliers of the input rate (Anthropic's published rule). */
    public static final double CACHE_WRITE_5M_FACTOR = 1.25;
    public static final double CACHE_WRITE_1H_FACTOR = 2;
    public static final double CACHE_READ_FACTOR = 0.1;

    /** A two-rate entry (2.6.0 shape): cache rates follow the default multipliers, no tier. */
    public Price(double input, double output) {
        this(input, output, input * CACHE_WRITE_5M_FACTOR, input * CACHE_WRITE_1H_FACTOR, input * CACHE_READ_FACTOR,
                null);
    }

    /**
     * The tier: once input + cache-write + cache-read tokens of one request exceed
     * {@code threshold}, every token of the request is billed at these rates.
     */
    public record LongContext(long threshold, double input, double output, double cacheWrite5m,
            double cacheWrite1h, double cacheRead) {
    }

    /** The rates one request is billed at, given its whole prompt size. */
    public Price ratesFor(double promptTokens) {
        if (longContext != null && promptTokens > longContext.threshold()) {
            LongContext t = longContext;
            return new Price(t.input(), t.output(), t.cacheWrite5m(), t.cacheWrite1h(), t.cacheRead(), null);
        }
        return this;
    }
}
