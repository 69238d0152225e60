package io.codesession.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codesession.common.CsException;
import io.codesession.common.Input;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * Typed, strict access to a tool call's arguments. 2.6.0 accepted anything its schema library let
 * through (negative and fractional token counts, NaN costs); here every violation is a
 * {@code invalid_input} tool error the model can read and correct.
 */
final class Args {

    private final ObjectNode node;

    Args(ObjectNode node) {
        this.node = node;
    }

    /** Rejects arguments the tool does not declare (a typo would otherwise be silently ignored). */
    Args only(Set<String> names) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!names.contains(f)) {
                throw CsException.invalid("Unknown argument \"" + f + "\" (accepted: " + String.join(", ", names.stream().sorted().toList()) + ")");
            }
        }
        return this;
    }

    private JsonNode value(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    String string(String name, boolean required) {
        JsonNode v = value(name);
        if (v == null) {
            if (required) {
                throw CsException.invalid("Missing required argument \"" + name + "\"");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw CsException.invalid("Argument \"" + name + "\" must be a string");
        }
        return v.asText();
    }

    /** A non-negative whole number (JSON integer, or a number with no fractional part such as {@code 12.0}). */
    Long count(String name, boolean required, long max) {
        JsonNode v = value(name);
        if (v == null) {
            if (required) {
                throw CsException.invalid("Missing required argument \"" + name + "\"");
            }
            return null;
        }
        if (!v.isNumber()) {
            throw CsException.invalid("Argument \"" + name + "\" must be a number");
        }
        if (v.isIntegralNumber()) {
            if (!v.canConvertToLong() || v.asLong() < 0 || v.asLong() > max) {
                throw CsException.invalid("Argument \"" + name + "\" must be a whole number from 0 to " + max);
            }
            return v.asLong();
        }
        double d = v.asDouble();
        if (!Double.isFinite(d) || d != Math.rint(d) || d < 0 || d > max) {
            throw CsException.invalid("Argument \"" + name + "\" must be a whole number from 0 to " + max + " (got " + v + ")");
        }
        return (long) d;
    }

    /** A finite, non-negative dollar amount up to {@link Input#COST_MAX}. */
    Double cost(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw CsException.invalid("Argument \"" + name + "\" must be a number (US dollars)");
        }
        double d = v.asDouble();
        if (!Double.isFinite(d) || d < 0 || d > Input.COST_MAX) {
            throw CsException.invalid("Argument \"" + name + "\" must be a finite amount from 0 to " + (long) Input.COST_MAX);
        }
        return d;
    }

    /** A signed integer (list limits). */
    Long integer(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return null;
        }
        if (!v.isNumber() || (!v.isIntegralNumber() && v.asDouble() != Math.rint(v.asDouble())) || !Double.isFinite(v.asDouble())) {
            throw CsException.invalid("Argument \"" + name + "\" must be a whole number");
        }
        double d = v.asDouble();
        if (Math.abs(d) > 1e12) {
            throw CsException.invalid("Argument \"" + name + "\" is out of range");
        }
        return v.asLong();
    }

    /** An existing directory; null when not given. */
    Path directory(String name) {
        String s = string(name, false);
        if (s == null) {
            return null;
        }
        Input.line(s, 4096, "Directory", false);
        Path p;
        try {
            p = Path.of(s);
        } catch (InvalidPathException e) {
            throw CsException.invalid("Argument \"" + name + "\" is not a valid path");
        }
        if (!p.isAbsolute()) {
            throw CsException.invalid("Argument \"" + name + "\" must be an absolute path (got \"" + s + "\")");
        }
        if (!Files.isDirectory(p)) {
            throw CsException.invalid("Directory not found: " + s);
        }
        return p.normalize();
    }
}
