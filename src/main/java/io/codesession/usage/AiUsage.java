package io.codesession.usage;

/** One row of {@code ai_usage}. Null or zero prompt/completion counts mean "not reported". */
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
        String timestamp) {
}
