package io.codesession.cli;

import io.codesession.common.Format;
import io.codesession.session.Session;
import java.util.ArrayList;
import java.util.List;

/** The human "Session: name" title and Metric/Value table shared by show, status and end. */
final class SessionView {

    private SessionView() {
    }

    static void print(Output out, Session s) {
        out.blank();
        out.line(out.bold("Session: " + s.name()));
        out.blank();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Status", s.isActive() ? "Active" : "Completed"));
        rows.add(List.of("Started", Format.localDate(s.startTime())));
        if (s.endTime() != null && !s.endTime().isEmpty()) {
            rows.add(List.of("Ended", Format.localDate(s.endTime())));
        }
        if (s.duration() != null) {
            rows.add(List.of("Duration", Format.duration(s.duration())));
        }
        rows.add(List.of("Files Changed", Long.toString(s.filesChanged())));
        rows.add(List.of("Commits", Long.toString(s.commits())));
        rows.add(List.of("AI Tokens", Format.tokens(s.aiTokens())));
        rows.add(List.of("AI Cost", Format.cost(s.aiCost())));
        if (s.notes() != null && !s.notes().isEmpty()) {
            rows.add(List.of("Notes", s.notes()));
        }
        out.stdout().print(Table.render(out, List.of("Metric", "Value"), rows));
    }
}
