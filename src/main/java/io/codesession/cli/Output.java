package io.codesession.cli;

import io.codesession.common.CsException;
import io.codesession.common.Json;
import io.codesession.session.SessionJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The one place that writes to the terminal: JSON documents and errors for agents, styled text
 * for people. In {@code --json} mode stdout carries exactly one JSON document.
 */
@ApplicationScoped
public class Output {

    private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    private final boolean color = detectColor();
    private String version;

    public String version() {
        if (version == null) {
            version = ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class)
                    .orElse("0.0.0");
        }
        return version;
    }

    public PrintStream stdout() {
        return out;
    }

    public PrintStream stderr() {
        return err;
    }

    /** One compact JSON line on stdout. */
    public void json(Object document) {
        out.print(Json.compact(document));
        out.print('\n');
        out.flush();
    }

    /** Pretty JSON (2-space) on stdout. */
    public void prettyJson(Object document) {
        out.print(Json.pretty(document));
        out.print('\n');
        out.flush();
    }

    public Json.Obj envelope() {
        return SessionJson.envelope(version());
    }

    public void line(String text) {
        out.print(text);
        out.print('\n');
    }

    public void blank() {
        out.print('\n');
    }

    public void flush() {
        out.flush();
    }

    /** Prints a handled error: the JSON error object on stdout, or a red message on stderr. */
    public void error(CsException e, boolean jsonMode) {
        if (jsonMode) {
            Json.Obj error = Json.obj().add("code", e.code()).add("message", e.getMessage());
            error.putAll(e.extras());
            json(envelope().add("error", error));
        } else {
            out.flush();
            err.println(red("Error: " + e.getMessage()));
            Object hint = e.extras().get("hint");
            if (hint != null) {
                err.println(gray("  " + hint));
            }
        }
    }

    public String green(String s) {
        return style("32", s);
    }

    public String yellow(String s) {
        return style("33", s);
    }

    public String red(String s) {
        return style("31", s);
    }

    public String gray(String s) {
        return style("90", s);
    }

    public String cyan(String s) {
        return style("36", s);
    }

    public String bold(String s) {
        return style("1", s);
    }

    private String style(String code, String s) {
        return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }

    private static boolean detectColor() {
        if (System.getenv("NO_COLOR") != null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        if (System.getenv("FORCE_COLOR") != null) {
            return true;
        }
        var console = System.console();
        return console != null && console.isTerminal();
    }
}
