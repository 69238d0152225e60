package io.codesession.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "budget", description = {"Spending budgets: per session, per UTC day, per UTC month; for a project or global.",
    "See docs/budgets.md. `cs budget check` exits 2 when a budget is exceeded."},
        subcommands = {BudgetSetCommand.class, BudgetShowCommand.class, BudgetClearCommand.class, BudgetCheckCommand.class})
public class BudgetCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new CsCommand.UsageExit();
    }
}
