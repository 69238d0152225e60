package io.codesession.cli;

import io.codesession.common.CsException;
import io.codesession.common.Format;
import io.codesession.common.Input;
import io.codesession.session.Session;
import io.codesession.session.SessionDetails;
import io.codesession.session.SessionJson;
import io.codesession.session.SessionService;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "Show a session's details (default: the most recent session).")
public class ShowCommand implements Runnable {

    @Parameters(index = "0", arity = "0..1", paramLabel = "[id]", description = "Session id.")
    String idText;

    @Option(names = "--files", description = "Include file changes.")
    boolean files;

    @Option(names = "--commits", description = "Include commits.")
    boolean commits;

    @Mixin
    JsonMixin json;

    @Inject
    SessionService sessions;
    @Inject
    Output out;

    @Override
    public void run() {
        long id;
        if (idText != null) {
            id = Input.sessionId(idText);
        } else {
            id = sessions.latest().map(Session::id)
                    .orElseThrow(() -> new CsException(CsException.SESSION_NOT_FOUND, "No sessions found"));
        }
        SessionDetails d = sessions.details(id);
        if (json.json) {
            var o = SessionJson.cli(d.session(), out.version());
            if (commits) {
                o.put("commits", SessionJson.commits(d.commits()));
            }
            o.put("notes", SessionJson.notes(d.notes()));
            if (files) {
                o.add("files", SessionJson.files(d.files()));
            }
            o.add("aiUsage", SessionJson.usages(d.usage()));
            out.json(o);
            return;
        }
        SessionView.print(out, d.session());
        Instant now = Instant.now();
        if (files) {
            out.blank();
            out.line(out.bold("File Changes"));
            out.blank();
            if (!d.files().isEmpty()) {
                out.stdout().print(Table.render(out, List.of("Type", "File", "Time"), d.files().stream()
                        .map(f -> List.of(f.changeType(), f.oldPath() == null ? f.filePath() : f.oldPath() + " → " + f.filePath(),
                                Format.relative(f.timestamp(), now)))
                        .toList()));
            }
        }
        if (commits) {
            out.blank();
            out.line(out.bold("Commits"));
            out.blank();
            if (!d.commits().isEmpty()) {
                out.stdout().print(Table.render(out, List.of("Hash", "Message", "Time"), d.commits().stream()
                        .map(c -> List.of(c.hash(), c.message(), Format.relative(c.timestamp(), now))).toList()));
            }
        }
        out.blank();
    }
}
