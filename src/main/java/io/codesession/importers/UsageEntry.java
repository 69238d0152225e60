package io.codesession.importers;

import io.codesession.usage.TokenUsage;

/**
 * One billed request read from an agent's log: provider, the model it ran at, its tokens by
 * billing class, when (ISO-8601, may be null), the agent session it belongs to, and the
 * idempotency key that identifies it across runs (so it is stored once).
 */
public record UsageEntry(String provider, String model, TokenUsage usage, String timestamp, String agentSession,
        String key) {
}
