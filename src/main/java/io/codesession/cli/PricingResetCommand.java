package io.codesession.cli;

import io.codesession.common.CsException;
import io.codesession.common.Json;
import io.codesession.usage.PricingFile;
import io.codesession.usage.PricingService;
import jakarta.inject.Inject;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "reset", description = "Remove every pricing override (pricing.json becomes {}).")
public class PricingResetCommand implements Runnable {

    @Mixin
    JsonMixin json;

    @Inject
    PricingService pricing;
    @Inject
    Output out;

    @Override
    public void run() {
        PricingFile file = pricing.file();
        boolean existed = file.exists();
        int removed = 0;
        String backup = null;
        if (existed) {
            try {
                removed = file.read().size();
            } catch (CsException corrupt) {
                // Resetting is how a user recovers from a corrupt file; keep a copy of it.
                removed = -1;
                backup = file.backup().toString();
            }
            file.write(Map.of());
        }
        if (json.json) {
            Json.Obj o = out.envelope().add("reset", true).add("path", file.path().toString());
            if (removed >= 0) {
                o.add("removed", removed);
            }
            o.addIfPresent("backup", backup);
            out.json(o);
            return;
        }
        out.line(out.green("Pricing reset to defaults"));
        if (backup != null) {
            out.line(out.gray("  The unreadable file was kept as " + backup));
        }
    }
}
