package io.codesession.cli;

import io.codesession.common.Input;
import io.codesession.common.JsNumbers;
import io.codesession.common.Json;
import io.codesession.usage.PricingFile;
import io.codesession.usage.PricingService;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "set", description = "Set a model's price (dollars per 1M tokens) in pricing.json.")
public class PricingSetCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "<model>", description = "Model name.")
    String model;

    @Parameters(index = "1", paramLabel = "<input>", description = "Input (prompt) price per 1M tokens.")
    String input;

    @Parameters(index = "2", paramLabel = "<output>", description = "Output (completion) price per 1M tokens.")
    String output;

    @Option(names = "--provider", paramLabel = "<provider>", description = "Store as <provider>/<model>.")
    String provider;

    @Option(names = "--cache-write", paramLabel = "<rate>",
            description = "Cache write (5 min) price per 1M tokens (default: 1.25 × input).")
    String cacheWrite5m;

    @Option(names = "--cache-write-1h", paramLabel = "<rate>",
            description = "Cache write (1 h) price per 1M tokens (default: 2 × input).")
    String cacheWrite1h;

    @Option(names = "--cache-read", paramLabel = "<rate>",
            description = "Cache read (cached input) price per 1M tokens (default: 0.1 × input).")
    String cacheRead;

    @Mixin
    JsonMixin json;

    @Inject
    PricingService pricing;
    @Inject
    Output out;

    @Override
    public void run() {
        Input.line(model, Input.MODEL_MAX, "Model name", false);
        if (provider != null) {
            Input.line(provider, Input.PROVIDER_MAX, "Provider name", false);
        }
        String message = "Input and output must be non-negative numbers (dollars per 1M tokens)";
        double in = Input.nonNegativeDecimal(input, PricingFile.MAX_RATE, message);
        double outRate = Input.nonNegativeDecimal(output, PricingFile.MAX_RATE, message);
        String key = provider == null ? model : provider + "/" + model;
        PricingFile file = pricing.file();
        file.read(); // a corrupt file or entry stops here, untouched
        LinkedHashMap<String, Object> entries = file.readRaw();
        Object previous = entries.get(key);
        Map<String, Object> entry = new LinkedHashMap<>();
        if (previous instanceof Map<?, ?> m) {
            m.forEach((k, v) -> entry.put(String.valueOf(k), v));
        }
        entry.put("input", in);
        entry.put("output", outRate);
        String rateMessage = "Cache prices must be non-negative numbers (dollars per 1M tokens)";
        Json.Obj cache = Json.obj();
        for (String[] opt : new String[][] {{"cacheWrite5m", cacheWrite5m}, {"cacheWrite1h", cacheWrite1h},
            {"cacheRead", cacheRead}}) {
            if (opt[1] != null) {
                double rate = Input.nonNegativeDecimal(opt[1], PricingFile.MAX_RATE, rateMessage);
                entry.put(opt[0], rate);
                cache.add(opt[0], rate);
            }
        }
        entries.put(key, entry);
        file.write(entries);
        if (json.json) {
            Json.Obj doc = out.envelope().add("key", key).add("input", in).add("output", outRate);
            doc.putAll(cache);
            out.json(doc.add("path", file.path().toString()));
            return;
        }
        out.blank();
        out.line(out.green(key + ": input=$" + JsNumbers.format(in) + "/1M, output=$" + JsNumbers.format(outRate) + "/1M"));
        out.line(out.gray("  Saved to " + file.path()));
        out.blank();
    }
}
