package io.codesession.cli;

import io.codesession.common.Input;
import io.codesession.session.ExportService;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", description = "Export sessions as JSON or CSV (streamed, most recent first).")
public class ExportCommand implements Runnable {

    @Option(names = {"-f", "--format"}, paramLabel = "<format>", defaultValue = "json",
            description = "json or csv (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-l", "--limit"}, paramLabel = "<n>", description = "At most this many sessions (default: all).")
    String limit;

    @Option(names = "--json", hidden = true, description = "Errors as JSON (the export itself is always the chosen format).")
    boolean json;

    @Inject
    ExportService export;
    @Inject
    Output out;

    @Override
    public void run() {
        ExportService.Format f = ExportService.parseFormat(format);
        long n = limit == null ? -1 : Input.nonNegativeInteger(limit, Long.MAX_VALUE / 2, "Limit must be a non-negative integer");
        if (n == 0) {
            n = -1; // 2.6.0: 0 means all
        }
        out.flush();
        var writer = new BufferedWriter(new OutputStreamWriter(out.stdout(), StandardCharsets.UTF_8), 1 << 16);
        export.export(f, n, writer);
    }
}
