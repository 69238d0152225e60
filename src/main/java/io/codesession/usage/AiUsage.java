package io.codesession.usage;

/**
 * One row of {@code ai_usage}. Null or zero prompt/completion counts mean "not reported".
 * {@code promptTokens} is the uncached input; the cache classes (5-minute writes, 1-hour writes,
 * reads) are separate and null when not reported. {@code source} says what recorded the row
 * ({@code log-ai}, {@code auto-log}, {@code import:claude} …; null for 2.6.0 rows);
 * {@code idempotencyKey} identifies the provider message it stands for.
 */
public record AiUsage(
        long id,
        long sessionId,
        String provider,
        String model,
        long tokens,
        Long promptTokens,
        Long completionTokens,
        double cost,
        String agentName,
        String timestamp,
        Long cacheCreationTokens,
        Long cacheCreation1hTokens,
        Long cacheReadTokens,
        String source,
        String idempotencyKey) {

    /** A 2.6.0-shaped row (no cache classes, source or key). */
    public AiUsage(long id, long sessionId, String provider, String model, long tokens, Long promptTokens,
            Long completionTokens, double cost, String agentName, String timestamp) {
        this(id, sessionId, provider, model, tokens, promptTokens, completionTokens, cost, agentName, timestamp, null,
                null, null, null, null);
    }

    /** A row for these billed tokens: tokens = every class, zero classes stored as NULL. */
    public static AiUsage of(long sessionId, String provider, String model, TokenUsage u, double cost, String agent,
            String timestamp, String source, String key) {
        return new AiUsage(0, sessionId, provider, model, u.total(), nullIfZero(u.input()), nullIfZero(u.output()),
                cost, agent, timestamp, nullIfZero(u.cacheWrite5m()), nullIfZero(u.cacheWrite1h()),
                nullIfZero(u.cacheRead()), source, key);
    }

    public AiUsage withId(long newId) {
        return new AiUsage(newId, sessionId, provider, model, tokens, promptTokens, completionTokens, cost, agentName,
                timestamp, cacheCreationTokens, cacheCreation1hTokens, cacheReadTokens, source, idempotencyKey);
    }

    private static Long nullIfZero(long v) {
        return v == 0 ? null : v;
    }
}
