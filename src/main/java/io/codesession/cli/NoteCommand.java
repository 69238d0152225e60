package io.codesession.cli;

import io.codesession.common.Input;
import io.codesession.session.Note;
import io.codesession.session.SessionJson;
import io.codesession.session.SessionService;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "note", description = "Add a timestamped note to the active session.")
public class NoteCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "<message>", description = "Note text.")
    String message;

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
        Input.multiline(message, Input.NOTE_MAX, "Note", true);
        Note n = sessions.addNote(id, message);
        if (json.json) {
            var o = out.envelope();
            o.putAll(SessionJson.note(n));
            out.json(o);
            return;
        }
        out.blank();
        out.line(out.green("Note added to session " + n.sessionId() + ": \"" + n.message() + "\""));
        out.blank();
    }
}
