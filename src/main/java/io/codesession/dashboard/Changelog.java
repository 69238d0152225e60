package io.codesession.dashboard;

import io.codesession.common.Json;
import io.codesession.common.Json.Obj;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keep-a-Changelog markdown → entries/sections/items for the changelog page: {@code ## [v] - date}
 * starts an entry, {@code ### Heading} a section, {@code - item} an item, an indented
 * {@code - sub} continues the previous item. {@code **bold**} becomes parts with a bold flag,
 * so the template escapes all text.
 */
final class Changelog {

    private static final Pattern ENTRY = Pattern.compile("^##\\s+\\[?([^\\]\\s]+)\\]?\\s*(?:-\\s*(.*))?$");
    private static final Pattern INLINE = Pattern.compile("\\*\\*(.+?)\\*\\*|`([^`]+)`");

    private Changelog() {
    }

    static List<Obj> parse(String markdown) {
        List<Obj> entries = new ArrayList<>();
        Obj entry = null;
        Obj section = null;
        List<Object> lastItem = null;
        for (String raw : markdown.split("\n")) {
            String line = raw.stripTrailing();
            Matcher m = ENTRY.matcher(line);
            if (m.matches()) {
                entry = Json.obj().add("version", m.group(1)).add("date", m.group(2) == null ? "" : m.group(2).strip())
                        .add("sections", new ArrayList<Obj>()).add("open", entries.isEmpty());
                entries.add(entry);
                section = null;
                lastItem = null;
                continue;
            }
            if (entry == null) {
                continue;
            }
            if (line.startsWith("### ")) {
                String heading = line.substring(4).strip();
                section = Json.obj().add("heading", heading).add("kind", kind(heading)).add("items", new ArrayList<Object>());
                sections(entry).add(section);
                lastItem = null;
                continue;
            }
            String stripped = line.strip();
            if (stripped.startsWith("- ") || stripped.startsWith("* ")) {
                boolean sub = !line.startsWith("- ") && !line.startsWith("* ") && lastItem != null;
                List<Obj> parts = parts(stripped.substring(2).strip());
                if (sub) {
                    lastItem.add(Json.obj().add("sub", parts));
                } else {
                    if (section == null) {
                        section = Json.obj().add("heading", "Notes").add("kind", "other").add("items", new ArrayList<Object>());
                        sections(entry).add(section);
                    }
                    lastItem = new ArrayList<>();
                    List<Object> items = items(section);
                    items.add(Json.obj().add("parts", parts).add("subs", lastItem));
                }
            }
        }
        return entries;
    }

    @SuppressWarnings("unchecked")
    private static List<Obj> sections(Obj entry) {
        return (List<Obj>) entry.get("sections");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> items(Obj section) {
        return (List<Object>) section.get("items");
    }

    static List<Obj> parts(String text) {
        List<Obj> out = new ArrayList<>();
        Matcher m = INLINE.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                out.add(Json.obj().add("text", text.substring(at, m.start())).add("bold", false).add("code", false));
            }
            boolean bold = m.group(1) != null;
            out.add(Json.obj().add("text", bold ? m.group(1) : m.group(2)).add("bold", bold).add("code", !bold));
            at = m.end();
        }
        if (at < text.length()) {
            out.add(Json.obj().add("text", text.substring(at)).add("bold", false).add("code", false));
        }
        return out;
    }

    static String kind(String heading) {
        String h = heading.toLowerCase(Locale.ROOT);
        if (h.contains("add") || h.contains("new")) {
            return "added";
        }
        if (h.contains("fix")) {
            return "fixed";
        }
        if (h.contains("change") || h.contains("enhance") || h.contains("improve")) {
            return "changed";
        }
        if (h.contains("remove") || h.contains("deprecat")) {
            return "removed";
        }
        if (h.contains("security")) {
            return "security";
        }
        return "other";
    }
}
