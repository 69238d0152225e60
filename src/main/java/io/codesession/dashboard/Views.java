package io.codesession.dashboard;

import io.quarkus.qute.Engine;
import io.quarkus.qute.EvalContext;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.NamespaceResolver;
import io.quarkus.qute.Results;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateLocator;
import io.quarkus.qute.Variant;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The page templates ({@code templates/*.html} on the classpath), rendered by a Qute engine that
 * is built on the first page request. (The Qute extension builds its engine at startup, a cost
 * every one-shot command would pay.) Output of {@code .html} templates is HTML-escaped;
 * {@code fmt:} calls the static helpers of {@link Fmt}.
 */
@ApplicationScoped
public class Views {

    private volatile Engine engine;

    public Template get(String name) {
        Template t = engine().getTemplate(name);
        if (t == null) {
            throw new IllegalStateException("template " + name + " is missing");
        }
        return t;
    }

    Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (this) {
                e = engine;
                if (e == null) {
                    e = build();
                    engine = e;
                }
            }
        }
        return e;
    }

    /**
     * No reflection: templates see only maps (Pages turns every record into a {@code Json.Obj}),
     * lists, strings, numbers and booleans, resolved by the default resolvers, and {@code fmt:}
     * calls dispatched by {@link #fmt}. So the native executable needs no reflection registration
     * for template data, and a template that reaches into another object fails on the JVM too
     * (strict rendering: the tests see it).
     */
    private static Engine build() {
        return Engine.builder()
                .addDefaults()
                .addNamespaceResolver(NamespaceResolver.builder("fmt").resolveAsync(Views::fmt).build())
                .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
                .addLocator(Views::locate)
                .strictRendering(true)
                .build();
    }

    private static Optional<TemplateLocator.TemplateLocation> locate(String id) {
        String name = id.endsWith(".html") ? id : id + ".html";
        if (!name.matches("[A-Za-z0-9_-]+\\.html")) {
            return Optional.empty();
        }
        String resource = "/templates/" + name;
        if (Views.class.getResource(resource) == null) {
            return Optional.empty();
        }
        return Optional.of(new TemplateLocator.TemplateLocation() {
            @Override
            public Reader read() {
                InputStream in = Views.class.getResourceAsStream(resource);
                return new InputStreamReader(in, StandardCharsets.UTF_8);
            }

            @Override
            public Optional<Variant> getVariant() {
                return Optional.of(new Variant(java.util.Locale.ROOT, StandardCharsets.UTF_8, Variant.TEXT_HTML));
            }
        });
    }

    /** {@code fmt:name(args…)}: the public static helper {@code Fmt.name} with that many parameters. */
    private static CompletionStage<Object> fmt(EvalContext ctx) {
        int n = ctx.getParams().size();
        @SuppressWarnings("unchecked")
        CompletableFuture<Object>[] args = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
            args[i] = ctx.evaluate(ctx.getParams().get(i)).toCompletableFuture();
        }
        return CompletableFuture.allOf(args).thenApply(v -> {
            Object[] a = new Object[n];
            for (int i = 0; i < n; i++) {
                Object x = args[i].join();
                a[i] = x instanceof Results.NotFound ? null : x;
            }
            Object result = call(ctx.getName(), a);
            return result == NO_SUCH_HELPER ? Results.NotFound.from(ctx) : result;
        });
    }

    static final Object NO_SUCH_HELPER = new Object();

    /** The helpers of {@link Fmt} by name and argument count ({@code ViewsTest} checks that none is missing). */
    static Object call(String name, Object[] a) {
        return switch (name + "/" + a.length) {
            case "cost/1" -> Fmt.cost(a[0]);
            case "tokens/1" -> Fmt.tokens(a[0]);
            case "count/1" -> Fmt.count(a[0]);
            case "duration/1" -> Fmt.duration(a[0]);
            case "dateTime/1" -> Fmt.dateTime(a[0]);
            case "fullDateTime/1" -> Fmt.fullDateTime(a[0]);
            case "day/1" -> Fmt.day(a[0]);
            case "perHour/2" -> Fmt.perHour(a[0], a[1]);
            case "fixed/2" -> Fmt.fixed(Fmt.num(a[0]), (int) Fmt.num(a[1]));
            case "plain/1" -> Fmt.plain(a[0]);
            case "rate4/1" -> Fmt.rate4(a[0]);
            case "rate/1" -> Fmt.rate(a[0]);
            case "percent/2" -> Fmt.percent(a[0], a[1]);
            case "pct/2" -> Fmt.pct(a[0], a[1]);
            case "base/1" -> Fmt.base(a[0]);
            case "dir/1" -> Fmt.dir(a[0]);
            case "file/1" -> Fmt.file(a[0]);
            case "shortHash/1" -> Fmt.shortHash(a[0]);
            case "urlEncode/1" -> Fmt.urlEncode(a[0]);
            case "zone/0" -> Fmt.zone();
            default -> NO_SUCH_HELPER;
        };
    }
}
