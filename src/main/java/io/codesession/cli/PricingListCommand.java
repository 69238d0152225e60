package io.codesession.cli;

import io.codesession.common.Format;
import io.codesession.common.Json;
import io.codesession.usage.Price;
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
                models.add(e.getKey(), Json.obj().add("input", e.getValue().input()).add("output", e.getValue().output()));
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
        for (String key : keys) {
            Price p = table.get(key);
            String custom = "custom".equals(sources.get(key)) ? out.gray(" (custom)") : "";
            out.line(String.format("  %-24s input: $%6s   output: $%6s%s", key, Format.fixed(p.input(), 2),
                    Format.fixed(p.output(), 2), custom));
        }
        out.blank();
        out.line(out.gray("Config: " + pricing.file().path()));
    }
}
