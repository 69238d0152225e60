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
        entries.put(key, entry);
        file.write(entries);
        if (json.json) {
            out.json(out.envelope().add("key", key).add("input", in).add("output", outRate)
                    .add("path", file.path().toString()));
            return;
        }
        out.blank();
        out.line(out.green(key + ": input=$" + JsNumbers.format(in) + "/1M, output=$" + JsNumbers.format(outRate) + "/1M"));
        out.line(out.gray("  Saved to " + file.path()));
        out.blank();
    }
}
