package io.codesession.cli;

import io.codesession.common.Input;
import io.codesession.session.SessionDetails;
import io.codesession.session.SessionJson;
import io.codesession.session.SessionService;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "end", description = "End the active session and record the files and commits git saw.")
public class EndCommand implements Runnable {

    @Option(names = {"-n", "--notes"}, paramLabel = "<notes>", description = "End-of-session notes.")
    String notes;

    @Option(names = "--here", description = "Only the active session of this directory's scope, never the one active "
            + "session of another directory (hooks use it).")
    boolean here;

    @Mixin
    SessionMixin session;

    @Mixin
    JsonMixin json;

    @Inject
    SessionService sessions;
    @Inject
    Output out;

    @Override
    public void run() {
        Long id = session.id();
        if (notes != null) {
            Input.multiline(notes, Input.NOTE_MAX, "Notes", true);
        }
        SessionDetails d = sessions.end(id, notes == null || notes.isEmpty() ? null : notes, here);
        if (json.json) {
            var o = SessionJson.cli(d.session(), out.version());
            o.put("commits", SessionJson.commits(d.commits()));
            o.put("notes", SessionJson.notes(d.notes()));
            o.add("files", SessionJson.files(d.files()));
            o.add("aiUsage", SessionJson.usages(d.usage()));
            out.json(o);
            return;
        }
        out.blank();
        out.line(out.green("Session ended"));
        SessionView.print(out, d.session());
        out.blank();
    }
}
