package io.codesession.cli;

import io.codesession.common.Format;
import io.codesession.common.Json;
import io.codesession.usage.Price;
import io.codesession.usage.PriceJson;
import io.codesession.usage.PricingService;
import jakarta.inject.Inject;
import java.text.Collator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", description = "Show the effective pricing table (built-in + pricing.json).")
public class PricingListCommand implements Runnable {

    @Mixin
    JsonMixin json;

    @Inject
    PricingService pricing;
    @Inject
    Output out;

    @Override
    public void run() {
        LinkedHashMap<String, Price> table = pricing.effective();
        LinkedHashMap<String, String> sources = pricing.sources();
        if (json.json) {
            Json.Obj models = Json.obj();
            Json.Obj sourceMap = Json.obj();
            for (Map.Entry<String, Price> e : table.entrySet()) {
                models.add(e.getKey(), PriceJson.of(e.getValue()));
                sourceMap.add(e.getKey(), sources.get(e.getKey()));
            }
            out.json(out.envelope().add("models", models).add("sources", sourceMap)
                    .add("config", pricing.file().path().toString()));
            return;
        }
        List<String> keys = new ArrayList<>(table.keySet());
        keys.sort(Collator.getInstance(Locale.US));
        out.line(out.bold("Model Pricing (per 1M tokens)"));
        out.blank();
        out.line(out.gray(String.format("  %-26s %9s %9s %9s %9s %9s  %s", "model", "input", "output", "cache 5m",
                "cache 1h", "cache rd", "long context")));
        for (String key : keys) {
            Price p = table.get(key);
            String custom = "custom".equals(sources.get(key)) ? out.gray(" (custom)") : "";
            String tier = "";
            if (p.longContext() != null) {
                Price.LongContext t = p.longContext();
                tier = ">" + Format.tokens(t.threshold()) + ": $" + Format.fixed(t.input(), 2) + "/$"
                        + Format.fixed(t.output(), 2) + " (cache $" + Format.fixed(t.cacheWrite5m(), 2) + "/$"
                        + Format.fixed(t.cacheWrite1h(), 2) + "/$" + Format.fixed(t.cacheRead(), 3) + ")";
            }
            out.line(String.format("  %-26s %9s %9s %9s %9s %9s  %s%s", key, "$" + Format.fixed(p.input(), 2),
                    "$" + Format.fixed(p.output(), 2), "$" + Format.fixed(p.cacheWrite5m(), 2),
                    "$" + Format.fixed(p.cacheWrite1h(), 2), "$" + Format.fixed(p.cacheRead(), 3), tier, custom).stripTrailing());
        }
        out.blank();
        out.line(out.gray("Config: " + pricing.file().path()));
    }
}
