package io.codesession.session;

import io.codesession.common.CsException;
import io.codesession.common.JsNumbers;
import io.codesession.common.Json;
import io.codesession.common.Json.Obj;
import io.codesession.store.ExportStore;
import io.codesession.usage.AiUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code cs export}: JSON (2.6.0's pretty array of SessionRecord + children) or CSV (RFC 4180),
 * written as the rows stream in.
 */
@ApplicationScoped
public class ExportService {

    public enum Format { JSON, CSV }

    /** The CSV columns: 2.6.0's twelve, then the two directory columns it lacked. */
    public static final List<String> CSV_HEADER = List.of("id", "name", "status", "startTime", "endTime", "duration",
            "filesChanged", "commits", "aiTokens", "aiCost", "agents", "notes", "workingDirectory", "gitRoot");

    static final String CRLF = "\r\n";

    @Inject
    ExportStore store;

    public static Format parseFormat(String text) {
        if (text == null) {
            return Format.JSON;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "json" -> Format.JSON;
            case "csv" -> Format.CSV;
            default -> throw CsException.invalid("Unknown export format \"" + text + "\"; use json or csv");
        };
    }

    public void export(Format format, long limit, Writer out) {
        try {
            if (format == Format.CSV) {
                csv(limit, out);
            } else {
                json(limit, out);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void json(long limit, Writer out) throws IOException {
        out.write('[');
        boolean[] first = {true};
        store.stream(limit, ExportStore.Children.ALL, d -> {
            try {
                if (!first[0]) {
                    out.write(',');
                }
                first[0] = false;
                Json.newline(out, 1);
                Json.write(out, exportRecord(d), true, 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!first[0]) {
            out.write('\n');
        }
        out.write(']');
        out.write('\n');
    }

    /** SessionRecord with {@code commits} as the commit array (as 2.6.0), children appended. */
    public static Obj exportRecord(SessionDetails d) {
        Obj o = SessionJson.record(d.session());
        o.put("commits", SessionJson.commits(d.commits()));
        o.add("aiUsage", SessionJson.usages(d.usage()));
        o.add("files", SessionJson.files(d.files()));
        o.add("commitCount", d.session().commits());
        o.add("sessionNotes", SessionJson.notes(d.notes()));
        return o;
    }

    private void csv(long limit, Writer out) throws IOException {
        out.write(String.join(",", CSV_HEADER));
        out.write(CRLF);
        StringBuilder line = new StringBuilder(256);
        store.stream(limit, ExportStore.Children.USAGE_ONLY, d -> {
            Session s = d.session();
            line.setLength(0);
            line.append(s.id()).append(',');
            text(line, s.name()).append(',');
            line.append(s.status() == null ? "" : s.status()).append(',');
            line.append(nz(s.startTime())).append(',');
            line.append(nz(s.endTime())).append(',');
            line.append(s.duration() == null ? "" : s.duration().toString()).append(',');
            line.append(s.filesChanged()).append(',');
            line.append(s.commits()).append(',');
            line.append(s.aiTokens()).append(',');
            Double cost = SessionJson.cost(s.aiCost());
            line.append(cost == null ? "" : JsNumbers.format(cost)).append(',');
            text(line, String.join("; ", agents(d.usage()))).append(',');
            text(line, nz(s.notes())).append(',');
            text(line, nz(s.workingDirectory())).append(',');
            text(line, nz(s.gitRoot()));
            line.append(CRLF);
            try {
                out.write(line.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static Set<String> agents(List<AiUsage> usage) {
        Set<String> names = new LinkedHashSet<>();
        for (AiUsage u : usage) {
            if (u.agentName() != null && !u.agentName().isEmpty()) {
                names.add(u.agentName());
            }
        }
        return names;
    }

    /**
     * A quoted RFC 4180 field: quotes doubled, commas and line breaks kept as they are. A value a
     * spreadsheet would evaluate as a formula (starting with = + - @, tab or carriage return) gets
     * a leading apostrophe, the OWASP-recommended neutralisation.
     */
    static StringBuilder text(StringBuilder sb, String value) {
        sb.append('"');
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            sb.append('\'');
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"') {
                sb.append('"');
            }
            sb.append(ch);
        }
        return sb.append('"');
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
