package io.codesession.proxy;

/** The two upstream APIs, with the label stored in {@code ai_usage.provider}. */
public enum Provider {
    ANTHROPIC("anthropic"),
    OPENAI("openai");

    private final String label;

    Provider(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
