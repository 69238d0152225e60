package io.codesession.usage;

import java.util.Locale;

/** What a budget limit measures. */
public enum BudgetKind {
    /** The cost of one session (the active session of the scope). */
    SESSION,
    /** Usage cost of the current UTC day. */
    DAILY,
    /** Usage cost of the current UTC calendar month. */
    MONTHLY;

    /** The JSON/CLI name: {@code session}, {@code daily}, {@code monthly}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
