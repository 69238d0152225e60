import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Checks target/native-sources (from {@code ./mvnw package -Dnative -Dquarkus.native.sources-only=true})
 * for what the native executable needs: the build recipe is complete, and the configuration that
 * native-image will read holds our registrations (run-time initialization, JGit reflection and
 * message bundles, the kill(2) downcall, -H:-ParseRuntimeOptions, every resource read at run
 * time, every picocli command, the SQLite driver's own native-image feature). Run by
 * scripts/check-native-sources.sh with the jars of target/native-sources/lib on the class path.
 */
public class CheckNativeSources {

    static final List<String> failures = new ArrayList<>();
    static int checks;

    static void check(boolean ok, String what) {
        checks++;
        if (!ok) {
            failures.add(what);
            System.out.println("FAIL " + what);
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/native-sources");
        ObjectMapper json = new ObjectMapper();

        // 1. The recipe: native-image.args names a runner jar that is there, and every jar of its class path is in lib/.
        Path argsFile = dir.resolve("native-image.args");
        check(Files.isRegularFile(argsFile), "native-image.args exists");
        String nativeArgs = Files.readString(argsFile);
        java.util.regex.Matcher jarArg = Pattern.compile("-jar\\s+(\\S+-runner\\.jar)").matcher(nativeArgs);
        check(jarArg.find(), "native-image.args builds from a -runner.jar");
        Path runner = dir.resolve(jarArg.group(1));
        check(Files.isRegularFile(runner), runner + " exists");
        check(nativeArgs.contains("--no-fallback"), "native-image.args: --no-fallback");
        check(Files.isRegularFile(dir.resolve("graalvm.version")), "graalvm.version exists");
        check(Pattern.compile("--enable-url-protocols=\\S*https").matcher(nativeArgs).find(),
                "native-image.args: https enabled (cs proxy's upstreams, quarkus.ssl.native)");

        try (JarFile jar = new JarFile(runner.toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            for (String entry : classPath.trim().split("\\s+")) {
                check(Files.isRegularFile(dir.resolve(entry)), "class-path jar " + entry + " is in native-sources");
            }

            // 2. Our native-image.properties: run-time initialization and -H:-ParseRuntimeOptions.
            String base = "META-INF/native-image/io.codesession/codesession/";
            Properties props = new Properties();
            try (InputStream in = stream(jar, base + "native-image.properties")) {
                props.load(in);
            }
            String ourArgs = props.getProperty("Args", "");
            for (String c : List.of("org.eclipse.jgit", "sun.net.httpserver", "io.codesession.git.GitService",
                    "io.codesession.common.StartupTrace", "io.codesession.common.Format", "io.codesession.dashboard.Fmt",
                    "io.codesession.proxy.Posix$Kill")) {
                check(Pattern.compile("--initialize-at-run-time=(\\S+,)?" + Pattern.quote(c) + "(,|\\s|$)").matcher(ourArgs).find(),
                        "initialized at run time: " + c);
            }
            check(ourArgs.contains("-H:-ParseRuntimeOptions"), "-H:-ParseRuntimeOptions (arguments such as -Dx=1 reach cs run's command)");

            // 3. Our reachability-metadata.json: JGit bundles and enums, the kill(2) downcall.
            JsonNode meta;
            try (InputStream in = stream(jar, base + "reachability-metadata.json")) {
                meta = json.readTree(in);
            }
            check(has(meta.path("reflection"), "type", "org.eclipse.jgit.internal.JGitText"), "reflection: JGitText");
            check(has(meta.path("resources"), "bundle", "org.eclipse.jgit.internal.JGitText"), "resource bundle: JGitText");
            for (String e : List.of("org.eclipse.jgit.lib.CoreConfig$AutoCRLF", "org.eclipse.jgit.lib.CoreConfig$EOL",
                    "org.eclipse.jgit.lib.CoreConfig$CheckStat", "org.eclipse.jgit.lib.CoreConfig$TrustStat",
                    "org.eclipse.jgit.diff.DiffAlgorithm$SupportedAlgorithm")) {
                check(has(meta.path("reflection"), "type", e), "reflection (values()): " + e);
            }
            JsonNode downcall = meta.path("foreign").path("downcalls").path(0);
            check(downcall.path("returnType").asText().equals("jint")
                    && downcall.path("parameterTypes").toString().equals("[\"jint\",\"jint\"]"), "foreign downcall int kill(int, int)");

            // 4. Quarkus's generated resource-config.json: every resource read at run time matches an include.
            JsonNode resources;
            try (InputStream in = stream(jar, "META-INF/native-image/resource-config.json")) {
                resources = json.readTree(in);
            }
            List<Pattern> includes = new ArrayList<>();
            for (JsonNode p : resources.path("resources").path("includes")) {
                includes.add(Pattern.compile(p.path("pattern").asText()));
            }
            List<String> needed = new ArrayList<>(List.of("pricing/builtin.tsv", "changelog/CHANGELOG.md",
                    "dashboard/app.css", "dashboard/app.js", "dashboard/favicon.svg"));
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith("templates/") && name.endsWith(".html")) {
                    needed.add(name);
                }
            }
            check(needed.stream().anyMatch(n -> n.startsWith("templates/")), "templates are in the runner jar");
            needed.add(chartJs(dir));
            for (String n : needed) {
                check(includes.stream().anyMatch(p -> p.matcher(n).matches()), "resource included: " + n);
                check(n.startsWith("META-INF/resources/webjars/") || jar.getEntry(n) != null, "resource in the runner jar: " + n);
            }

            // 5. Every picocli command class is registered for reflection (picocli reads their annotations and fields).
            JsonNode reflect;
            try (InputStream in = stream(jar, "META-INF/native-image/reflect-config.json")) {
                reflect = json.readTree(in);
            }
            int commands = 0;
            entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (!e.getName().startsWith("io/codesession/") || !e.getName().endsWith(".class")) {
                    continue;
                }
                ClassModel m;
                try (InputStream in = jar.getInputStream(e)) {
                    m = ClassFile.of().parse(in.readAllBytes());
                }
                boolean command = m.findAttribute(Attributes.runtimeVisibleAnnotations()).stream()
                        .flatMap(a -> a.annotations().stream())
                        .anyMatch(a -> a.classSymbol().descriptorString().equals("Lpicocli/CommandLine$Command;"));
                if (command) {
                    commands++;
                    String name = m.thisClass().asInternalName().replace('/', '.');
                    check(has(reflect, "name", name), "reflection for picocli command " + name);
                }
                // 6. Templates need no reflection: nothing uses Qute's ReflectionValueResolver.
                for (PoolEntry p : m.constantPool()) {
                    if (p instanceof ClassEntry c && c.asInternalName().equals("io/quarkus/qute/ReflectionValueResolver")) {
                        check(false, m.thisClass().asInternalName() + " uses Qute's ReflectionValueResolver (template data needs no reflection)");
                    }
                }
            }
            check(commands >= 15, "picocli commands found in the runner jar (" + commands + ")");
        }

        // 7. SQLite: the driver jar carries its own native-image feature (JNI registration, native library as a resource).
        Path sqlite;
        try (var files = Files.list(dir.resolve("lib"))) {
            sqlite = files.filter(f -> f.getFileName().toString().startsWith("org.xerial.sqlite-jdbc-")).findFirst().orElse(null);
        }
        check(sqlite != null, "sqlite-jdbc jar in lib/");
        if (sqlite != null) {
            try (JarFile jar = new JarFile(sqlite.toFile())) {
                Properties p = new Properties();
                try (InputStream in = stream(jar, "META-INF/native-image/org.xerial/sqlite-jdbc/native-image.properties")) {
                    p.load(in);
                }
                check(p.getProperty("Args", "").contains("--features=org.sqlite.nativeimage.SqliteJdbcFeature"),
                        "sqlite-jdbc registers SqliteJdbcFeature");
                check(jar.getEntry("org/sqlite/native/Linux/x86_64/libsqlitejdbc.so") != null
                        && jar.getEntry("org/sqlite/native/Linux/aarch64/libsqlitejdbc.so") != null,
                        "sqlite-jdbc ships the Linux x86_64 and aarch64 libraries");
            }
        }

        System.out.println("native-sources check: " + (checks - failures.size()) + " of " + checks + " checks passed");
        if (!failures.isEmpty()) {
            System.exit(1);
        }
    }

    static String chartJs(Path dir) throws IOException {
        try (var files = Files.list(dir.resolve("lib"))) {
            Path webjar = files.filter(f -> f.getFileName().toString().startsWith("org.webjars.npm.chart.js-")).findFirst()
                    .orElseThrow(() -> new IOException("chart.js webjar not in lib/"));
            try (JarFile jar = new JarFile(webjar.toFile())) {
                return jar.stream().map(JarEntry::getName).filter(n -> n.endsWith("/dist/chart.umd.min.js")).findFirst()
                        .orElseThrow(() -> new IOException("chart.umd.min.js not in " + webjar));
            }
        }
    }

    static InputStream stream(JarFile jar, String name) throws IOException {
        JarEntry e = jar.getJarEntry(name);
        if (e == null) {
            throw new IOException(name + " is not in " + jar.getName());
        }
        return jar.getInputStream(e);
    }

    static boolean has(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.path(field).asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
