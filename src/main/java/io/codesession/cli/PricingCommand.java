package io.codesession.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "pricing", description = "Manage the pricing table.",
        subcommands = {PricingListCommand.class, PricingSetCommand.class, PricingResetCommand.class})
public class PricingCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new CsCommand.UsageExit();
    }
}
