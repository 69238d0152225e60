package io.codesession.dashboard;

import io.codesession.common.Json;
import io.codesession.common.Json.Obj;
import java.util.ArrayList;
import java.util.List;

/** A unified diff split into numbered, classified lines for the diff viewer. */
final class DiffLines {

    static final int MAX_LINES = 20_000;

    private DiffLines() {
    }

    static List<Obj> of(String text) {
        List<Obj> out = new ArrayList<>();
        if (text == null || text.isEmpty() || text.equals(DashboardService.NO_CHANGES)) {
            return out;
        }
        String[] lines = text.split("\n", -1);
        int n = lines.length;
        if (n > 0 && lines[n - 1].isEmpty()) {
            n--;
        }
        for (int i = 0; i < Math.min(n, MAX_LINES); i++) {
            out.add(Json.obj().add("n", i + 1).add("cls", kind(lines[i])).add("text", lines[i]));
        }
        return out;
    }

    static String kind(String line) {
        if (line.startsWith("+++") || line.startsWith("---")) {
            return "meta";
        }
        if (line.startsWith("@@")) {
            return "hunk";
        }
        if (line.startsWith("+")) {
            return "add";
        }
        if (line.startsWith("-")) {
            return "del";
        }
        if (line.startsWith("diff ") || line.startsWith("index ") || line.startsWith("new file") || line.startsWith("deleted file")
                || line.startsWith("rename ") || line.startsWith("similarity ")) {
            return "head";
        }
        return "ctx";
    }
}
