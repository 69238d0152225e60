package io.codesession.usage;

/**
 * The tokens of one request by billing class. {@code input} is the uncached prompt only; cache
 * writes (5-minute and 1-hour lifetimes) and cache reads are counted separately, as providers
 * bill them.
 */
public record TokenUsage(long input, long output, long cacheWrite5m, long cacheWrite1h, long cacheRead) {

    public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0, 0);

    /** Every prompt token: uncached input plus cache writes and reads (what a long-context tier compares). */
    public long prompt() {
        return input + cacheWrite5m + cacheWrite1h + cacheRead;
    }

    public long cacheWrite() {
        return cacheWrite5m + cacheWrite1h;
    }

    public long total() {
        return prompt() + output;
    }

    public boolean isZero() {
        return total() == 0;
    }

    public TokenUsage plus(TokenUsage o) {
        return new TokenUsage(input + o.input, output + o.output, cacheWrite5m + o.cacheWrite5m,
                cacheWrite1h + o.cacheWrite1h, cacheRead + o.cacheRead);
    }
}
