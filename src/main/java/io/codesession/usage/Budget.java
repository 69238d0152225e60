package io.codesession.usage;

/**
 * One configured budget: the limits, in dollars, of one scope ({@code scope} null = the global
 * budget). A null limit is not set. Stored in the {@code budgets} table.
 */
public record Budget(String scope, Double session, Double daily, Double monthly, String updatedAt) {

    public boolean global() {
        return scope == null;
    }

    public boolean isEmpty() {
        return session == null && daily == null && monthly == null;
    }

    public Double limit(BudgetKind kind) {
        return switch (kind) {
            case SESSION -> session;
            case DAILY -> daily;
            case MONTHLY -> monthly;
        };
    }
}
