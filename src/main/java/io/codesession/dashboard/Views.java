package io.codesession.dashboard;

import io.quarkus.qute.Engine;
import io.quarkus.qute.EvalContext;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.NamespaceResolver;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Results;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateLocator;
import io.quarkus.qute.Variant;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private static Engine build() {
        return Engine.builder()
                .addDefaults()
                .addValueResolver(new ReflectionValueResolver())
                .addNamespaceResolver(fmtResolver())
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

    /** {@code fmt:name(args…)} → the public static method {@code Fmt.name} with that many parameters. */
    private static NamespaceResolver fmtResolver() {
        Map<String, Method> methods = new HashMap<>();
        for (Method m : Fmt.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
                methods.put(m.getName() + "/" + m.getParameterCount(), m);
            }
        }
        return NamespaceResolver.builder("fmt").resolveAsync(ctx -> call(methods, ctx)).build();
    }

    private static CompletionStage<Object> call(Map<String, Method> methods, EvalContext ctx) {
        Method m = methods.get(ctx.getName() + "/" + ctx.getParams().size());
        if (m == null) {
            return Results.notFound(ctx);
        }
        int n = ctx.getParams().size();
        @SuppressWarnings("unchecked")
        CompletableFuture<Object>[] args = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
            args[i] = ctx.evaluate(ctx.getParams().get(i)).toCompletableFuture();
        }
        return CompletableFuture.allOf(args).thenApply(v -> {
            Object[] values = new Object[n];
            Class<?>[] types = m.getParameterTypes();
            for (int i = 0; i < n; i++) {
                Object a = args[i].join();
                if (a instanceof Results.NotFound) {
                    a = null;
                }
                if (types[i] == double.class && a instanceof Number num) {
                    a = num.doubleValue();
                } else if (types[i] == int.class && a instanceof Number num) {
                    a = num.intValue();
                }
                values[i] = a;
            }
            try {
                return m.invoke(null, values);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("fmt:" + ctx.getName() + " failed: " + e, e);
            }
        });
    }
}
