package io.codesession.today;

import io.codesession.common.Json;

/** One row of the {@code today} registry. {@code name} may be null in rows other clients wrote. */
public record TodayProject(long id, String path, String name, String addedAt) {

    /** The stored name, or the last path segment when none is stored. */
    public String displayName() {
        return name != null && !name.isEmpty() ? name : lastSegment(path);
    }

    /** {id, path, name, addedAt}: the registry's JSON shape. */
    public Json.Obj toJson() {
        return Json.obj().add("id", id).add("path", path).add("name", displayName()).add("addedAt", addedAt);
    }

    /** The last segment of a {@code /}-separated path; the path itself when it has none (e.g. {@code /}). */
    public static String lastSegment(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.lastIndexOf('/');
        String last = slash >= 0 ? p.substring(slash + 1) : p;
        return last.isEmpty() ? p : last;
    }
}
