package io.codesession.cli;

import io.codesession.common.CsException;
import io.codesession.usage.BudgetService;
import picocli.CommandLine.Option;

/** {@code --scope DIR | --global}: which budget a command changes (default: the current directory's scope). */
public class BudgetTarget {

    @Option(names = "--scope", paramLabel = "<dir>",
            description = "The budget of this directory's scope (its git top level, or the directory). Default: the current directory's.")
    String scope;

    @Option(names = "--global", description = "The global budget (all projects).")
    boolean global;

    /** The scope key: null for the global budget. */
    String resolve(BudgetService budgets, boolean mustExist) {
        if (global && scope != null) {
            throw CsException.invalid("--scope and --global cannot be combined");
        }
        if (global) {
            return null;
        }
        return scope != null ? budgets.scopeOf(scope, mustExist) : budgets.currentScope();
    }
}
