package io.codesession.usage;

import io.codesession.common.CsException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The effective price table (built-in data overlaid with pricing.json) and model look-up.
 *
 * <p>Look-up, first hit wins: {@code provider/model}, then {@code model}; each tried exactly,
 * then case-insensitively, then with dots and dashes treated alike. When nothing matches, a
 * dated or suffixed id falls back to its family ({@code claude-sonnet-4-20250514},
 * {@code claude-sonnet-4@20250514}, {@code gpt-4o-2024-08-06} → the undated key), and a
 * router-style {@code vendor/model} id to its last segment.
 */
@ApplicationScoped
public class PricingService {

    private static final Pattern DATE_SUFFIX = Pattern.compile("^(.+?)(?:[-@](?:\\d{8}|\\d{4}-\\d{2}-\\d{2}))$");

    /** A built-in row: key, provider group, price. */
    public record BuiltIn(String key, String provider, Price price) {
    }

    private List<BuiltIn> builtIns;
    private PricingFile file = PricingFile.standard();

    /** Points at another pricing.json (tests). */
    public void useFile(PricingFile f) {
        this.file = f;
    }

    public PricingFile file() {
        return file;
    }

    public synchronized List<BuiltIn> builtIns() {
        if (builtIns == null) {
            builtIns = Collections.unmodifiableList(loadBuiltIns());
        }
        return builtIns;
    }

    /** Effective table in display order: built-ins (overrides keep their place), then user keys in file order. */
    public LinkedHashMap<String, Price> effective() {
        return merge(file.read());
    }

    /** Key → source ({@code built-in} or {@code custom}) for the effective table. */
    public LinkedHashMap<String, String> sources() {
        Map<String, Price> overrides = file.read();
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        for (String key : merge(overrides).keySet()) {
            out.put(key, overrides.containsKey(key) ? "custom" : "built-in");
        }
        return out;
    }

    private LinkedHashMap<String, Price> merge(Map<String, Price> overrides) {
        LinkedHashMap<String, Price> table = new LinkedHashMap<>();
        for (BuiltIn b : builtIns()) {
            table.put(b.key(), b.price());
        }
        table.putAll(overrides);
        return table;
    }

    /**
     * Sets {@code key}'s rates in pricing.json (atomic rewrite; other fields of the entry kept).
     * A corrupt file is an error and stays untouched.
     */
    public synchronized void set(String key, double input, double output) {
        LinkedHashMap<String, Object> entries = file.readRaw();
        Map<String, Object> entry = new LinkedHashMap<>();
        if (entries.get(key) instanceof Map<?, ?> m) {
            m.forEach((k, v) -> entry.put(String.valueOf(k), v));
        }
        entry.put("input", input);
        entry.put("output", output);
        entries.put(key, entry);
        file.write(entries);
    }

    /** Removes a user key (a built-in model falls back to its built-in price); false when absent. */
    public synchronized boolean remove(String key) {
        LinkedHashMap<String, Object> entries = file.readRaw();
        if (!entries.containsKey(key)) {
            return false;
        }
        entries.remove(key);
        file.write(entries);
        return true;
    }

    public boolean isBuiltIn(String key) {
        for (BuiltIn b : builtIns()) {
            if (b.key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    public Optional<PriceMatch> lookup(String model, String provider) {
        Map<String, Price> overrides = file.read();
        Map<String, Price> table = merge(overrides);
        String key = resolveKey(table, model, provider);
        if (key == null) {
            return Optional.empty();
        }
        return Optional.of(new PriceMatch(key, table.get(key), overrides.containsKey(key) ? "custom" : "built-in"));
    }

    static String resolveKey(Map<String, Price> table, String model, String provider) {
        if (model == null || model.isEmpty()) {
            return null;
        }
        String key = direct(table, model, provider);
        if (key != null) {
            return key;
        }
        Matcher m = DATE_SUFFIX.matcher(model);
        if (m.matches()) {
            key = direct(table, m.group(1), provider);
            if (key != null) {
                return key;
            }
        }
        int slash = model.lastIndexOf('/');
        if (slash >= 0 && slash < model.length() - 1) {
            return resolveKey(table, model.substring(slash + 1), provider);
        }
        return null;
    }

    private static String direct(Map<String, Price> table, String model, String provider) {
        if (provider != null && !provider.isEmpty()) {
            String key = find(table, provider + "/" + model);
            if (key != null) {
                return key;
            }
        }
        return find(table, model);
    }

    private static String find(Map<String, Price> table, String wanted) {
        if (table.containsKey(wanted)) {
            return wanted;
        }
        String folded = fold(wanted);
        String loose = null;
        for (String key : table.keySet()) {
            if (key.equalsIgnoreCase(wanted)) {
                return key;
            }
            if (loose == null && fold(key).equals(folded)) {
                loose = key;
            }
        }
        return loose;
    }

    private static String fold(String s) {
        return s.toLowerCase(Locale.ROOT).replace('.', '-');
    }

    /** Cost of one request: (prompt × input + completion × output) / 1M, rounded to 10 decimals. */
    public static double cost(Price price, double promptTokens, double completionTokens) {
        return cost(price, promptTokens, completionTokens, 0, 0, 0);
    }

    /** Cost of one request by billing class, at the long-context tier when its prompt exceeds the threshold. */
    public static double cost(Price price, TokenUsage u) {
        return cost(price, u.input(), u.output(), u.cacheWrite5m(), u.cacheWrite1h(), u.cacheRead());
    }

    /**
     * Cost of one request, rounded to 10 decimals: every class of tokens at its rate; when the
     * whole prompt (input + cache writes + cache reads) exceeds the price's long-context threshold,
     * every token of the request is billed at the tier's rates.
     */
    public static double cost(Price price, double input, double output, long cacheWrite5m, long cacheWrite1h,
            long cacheRead) {
        Price r = price.ratesFor(input + cacheWrite5m + cacheWrite1h + cacheRead);
        double sum = input * r.input() + output * r.output() + cacheWrite5m * r.cacheWrite5m()
                + cacheWrite1h * r.cacheWrite1h() + cacheRead * r.cacheRead();
        return io.codesession.common.JsNumbers.round10(sum / 1_000_000d);
    }

    /**
     * One data line: key, provider, input, output, cache-write-5m, cache-write-1h, cache-read
     * ('-' = default multiple of input), optionally threshold and the tier's six rates.
     */
    static BuiltIn parseBuiltIn(String line, int lineNumber) {
        String[] f = line.split("\t", -1);
        if (f.length != 7 && f.length != 13) {
            throw new IllegalStateException("builtin.tsv line " + lineNumber + ": expected 7 or 13 columns, got "
                    + f.length);
        }
        try {
            double in = Double.parseDouble(f[2]);
            double out = Double.parseDouble(f[3]);
            Price.LongContext tier = null;
            if (f.length == 13) {
                double tin = Double.parseDouble(f[8]);
                tier = new Price.LongContext(Long.parseLong(f[7]), tin, Double.parseDouble(f[9]),
                        orDefault(f[10], tin * Price.CACHE_WRITE_5M_FACTOR),
                        orDefault(f[11], tin * Price.CACHE_WRITE_1H_FACTOR),
                        orDefault(f[12], tin * Price.CACHE_READ_FACTOR));
            }
            return new BuiltIn(f[0], f[1], new Price(in, out, orDefault(f[4], in * Price.CACHE_WRITE_5M_FACTOR),
                    orDefault(f[5], in * Price.CACHE_WRITE_1H_FACTOR), orDefault(f[6], in * Price.CACHE_READ_FACTOR),
                    tier));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("builtin.tsv line " + lineNumber + ": " + e.getMessage());
        }
    }

    private static double orDefault(String field, double dflt) {
        return "-".equals(field) ? dflt : Double.parseDouble(field);
    }

    private static List<BuiltIn> loadBuiltIns() {
        List<BuiltIn> out = new ArrayList<>();
        try (InputStream in = PricingService.class.getResourceAsStream("/pricing/builtin.tsv")) {
            if (in == null) {
                throw new CsException(CsException.PRICING_FILE_INVALID, "Built-in pricing data is missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                out.add(parseBuiltIn(line, n));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
