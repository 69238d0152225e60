package io.codesession.usage;

import io.codesession.common.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON form of price entries, shared by {@code cs pricing list --json} and the MCP pricing resource. */
public final class PriceJson {

    private PriceJson() {
    }

    /** {input, output, cacheWrite5m, cacheWrite1h, cacheRead[, longContext{threshold, …}]}, per 1M tokens. */
    public static Json.Obj of(Price p) {
        Json.Obj o = Json.obj().add("input", p.input()).add("output", p.output()).add("cacheWrite5m", p.cacheWrite5m())
                .add("cacheWrite1h", p.cacheWrite1h()).add("cacheRead", p.cacheRead());
        if (p.longContext() != null) {
            Price.LongContext t = p.longContext();
            o.add("longContext", Json.obj().add("threshold", t.threshold()).add("input", t.input())
                    .add("output", t.output()).add("cacheWrite5m", t.cacheWrite5m())
                    .add("cacheWrite1h", t.cacheWrite1h()).add("cacheRead", t.cacheRead()));
        }
        return o;
    }

    /** The whole effective table keyed by model. */
    public static Json.Obj table(LinkedHashMap<String, Price> table) {
        Json.Obj models = Json.obj();
        for (Map.Entry<String, Price> e : table.entrySet()) {
            models.add(e.getKey(), of(e.getValue()));
        }
        return models;
    }
}
