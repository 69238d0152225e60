package io.codesession.proxy;

import io.codesession.usage.TokenUsage;

/**
 * Usage read from one response: the provider's id for it (message/completion/response id, null
 * when it names none), the model it ran at, and the billed tokens by class. Never any content.
 */
public record Observed(Provider provider, String id, String model, TokenUsage usage) {
}
