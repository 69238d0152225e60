package io.codesession.cli;

import io.codesession.common.Format;
import io.codesession.common.Input;
import io.codesession.session.Session;
import io.codesession.session.SessionJson;
import io.codesession.session.SessionService;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", aliases = "ls", description = "List recent sessions.")
public class ListCommand implements Runnable {

    @Option(names = {"-l", "--limit"}, paramLabel = "<number>", defaultValue = "10",
            description = "How many sessions (default ${DEFAULT-VALUE}); 0 lists none, \"all\" lists every session.")
    String limit;

    @Mixin
    JsonMixin json;

    @Inject
    SessionService sessions;
    @Inject
    Output out;

    @Override
    public void run() {
        long n = "all".equals(limit) ? -1
                : Input.nonNegativeInteger(limit, Long.MAX_VALUE / 2, "Limit must be a non-negative integer or \"all\"");
        List<Session> list = sessions.list(n);
        if (json.json) {
            out.json(list.stream().map(s -> SessionJson.cli(s, out.version())).toList());
            return;
        }
        if (list.isEmpty()) {
            out.blank();
            out.line(out.yellow("No sessions found."));
            out.blank();
            return;
        }
        Instant now = Instant.now();
        List<List<String>> rows = list.stream().map(s -> List.of(
                "#" + s.id(),
                s.name(),
                Format.relative(s.startTime(), now),
                s.duration() == null ? "ongoing" : Format.duration(s.duration()),
                Long.toString(s.filesChanged()),
                Long.toString(s.commits()),
                Format.cost(s.aiCost()))).toList();
        out.blank();
        out.stdout().print(Table.render(out, List.of("ID", "Name", "Started", "Duration", "Files", "Commits", "AI Cost"), rows));
        out.blank();
    }
}
