package io.codesession.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codesession.proxy.Posix;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassModel;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.JGitText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native executable's registrations ({@code META-INF/native-image/io.codesession/codesession/}
 * and {@code quarkus.native.resources.includes}) checked against the code, without a native
 * toolchain: static initializers that would freeze build-machine state or start threads at
 * build time, JGit's reflective enum and message-bundle lookups, the FFM downcall of
 * {@code cs run}, and the resources read at run time. A JGit upgrade or new code that needs a
 * registration the files lack makes this fail. See docs/install.md, "Native build".
 */
class NativeImageConfigTest {

    static final String CONFIG_DIR = "META-INF/native-image/io.codesession/codesession/";
    static final ClassLoader LOADER = NativeImageConfigTest.class.getClassLoader();

    static List<String> runtimeInit;
    static JsonNode metadata;
    static ClassScan scan;
    static Path mainClasses;
    static List<String> jgitClasses;
    static List<String> httpServerClasses;

    @BeforeAll
    static void load() throws Exception {
        Properties p = new Properties();
        try (InputStream in = LOADER.getResourceAsStream(CONFIG_DIR + "native-image.properties")) {
            assertThat(in).as(CONFIG_DIR + "native-image.properties").isNotNull();
            p.load(in);
        }
        runtimeInit = new ArrayList<>();
        for (String arg : p.getProperty("Args", "").trim().split("\\s+")) {
            if (arg.startsWith("--initialize-at-run-time=")) {
                runtimeInit.addAll(Arrays.asList(arg.substring("--initialize-at-run-time=".length()).split(",")));
            }
        }
        try (InputStream in = LOADER.getResourceAsStream(CONFIG_DIR + "reachability-metadata.json")) {
            assertThat(in).as(CONFIG_DIR + "reachability-metadata.json").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        scan = new ClassScan(LOADER);
        mainClasses = Path.of(Posix.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        jgitClasses = jarClasses(Path.of(JGitText.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/")); // the JDK's own: not closed
        try (Stream<Path> files = Files.walk(jrt.getPath("/modules/jdk.httpserver/sun/net/httpserver"))) {
            httpServerClasses = files.map(Path::toString).filter(s -> s.endsWith(".class"))
                    .map(s -> s.substring("/modules/jdk.httpserver/".length(), s.length() - 6)).toList();
        }
    }

    static List<String> jarClasses(Path jar) throws IOException {
        try (FileSystem fs = FileSystems.newFileSystem(jar); Stream<Path> files = Files.walk(fs.getPath("/"))) {
            return files.map(Path::toString).filter(s -> s.endsWith(".class") && !s.contains("META-INF"))
                    .map(s -> s.substring(1, s.length() - 6)).toList();
        }
    }

    static List<String> ourClasses() throws IOException {
        try (Stream<Path> files = Files.walk(mainClasses)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> mainClasses.relativize(f).toString().replace('\\', '/'))
                    .map(s -> s.substring(0, s.length() - 6)).sorted().toList();
        }
    }

    /** Whether native-image initializes {@code internalName} at run time (listed, in a listed package, or a subclass of one). */
    static boolean atRunTime(String internalName) {
        if (listed(internalName)) {
            return true;
        }
        return scan.superclasses(internalName).stream().anyMatch(NativeImageConfigTest::listed);
    }

    static boolean listed(String internalName) {
        String name = internalName.replace('/', '.');
        for (String entry : runtimeInit) {
            if (name.equals(entry) || name.startsWith(entry + ".")) {
                return true;
            }
        }
        return false;
    }

    static final Predicate<String> FOLLOW = owner -> owner.startsWith("io/codesession/")
            || owner.startsWith("org/eclipse/jgit/") || owner.startsWith("sun/net/httpserver/");

    @Test
    void listedRunTimeClassesExist() {
        for (String entry : runtimeInit) {
            boolean isPackage = Character.isLowerCase(entry.substring(entry.lastIndexOf('.') + 1).charAt(0));
            if (!isPackage) {
                assertThat(scan.model(entry.replace('.', '/'))).as("--initialize-at-run-time entry " + entry).isPresent();
            }
        }
    }

    /**
     * No class left to build-time initialization has a static initializer that reads the
     * environment, a system property, the clock or the time zone, makes a Random, starts a
     * thread, links native code or reads files (all frozen into the executable or rejected by
     * native-image), or initializes a class listed for run time (native-image rejects that).
     */
    @Test
    void buildTimeStaticInitializersAreSafe() throws IOException {
        List<String> candidates = new ArrayList<>(ourClasses());
        candidates.addAll(jgitClasses);
        candidates.addAll(httpServerClasses);
        List<String> problems = new ArrayList<>();
        for (String c : candidates) {
            if (atRunTime(c)) {
                continue;
            }
            ClassScan.StaticInit init = scan.staticInit(c, FOLLOW);
            for (String h : init.hazards()) {
                problems.add(c.replace('/', '.') + ": static initializer calls " + h);
            }
            for (String x : init.initializes()) {
                if (atRunTime(x)) {
                    problems.add(c.replace('/', '.') + ": static initializer initializes run-time class " + x.replace('/', '.'));
                }
            }
        }
        assertThat(problems).as("build-time initialized classes whose static initializer is not safe at build time; "
                + "list them in --initialize-at-run-time (" + CONFIG_DIR + "native-image.properties)").isEmpty();
    }

    /** The classes this project knows to be unsafe at build time are listed (guards the analysis itself). */
    @Test
    void knownUnsafeClassesAreRunTimeInitialized() {
        for (String c : List.of("org/eclipse/jgit/lib/internal/WorkQueue", "org/eclipse/jgit/lib/RepositoryCache",
                "org/eclipse/jgit/internal/storage/file/WindowCache", "org/eclipse/jgit/util/FileUtils",
                "org/eclipse/jgit/util/SystemReader", "org/eclipse/jgit/util/FS", "sun/net/httpserver/ServerConfig",
                "sun/net/httpserver/ServerImpl", "io/codesession/proxy/Posix$Kill", "io/codesession/common/StartupTrace",
                "io/codesession/dashboard/Fmt", "io/codesession/common/Format", "io/codesession/git/GitService")) {
            assertThat(atRunTime(c)).as(c + " initialized at run time").isTrue();
        }
        // and the analysis sees why (it would flag them if they were not listed)
        assertThat(scan.staticInit("org/eclipse/jgit/lib/internal/WorkQueue", FOLLOW).hazards())
                .contains("java/util/concurrent/ScheduledThreadPoolExecutor.prestartAllCoreThreads");
        assertThat(scan.staticInit("org/eclipse/jgit/lib/RepositoryCache", FOLLOW).initializes())
                .contains("org/eclipse/jgit/lib/internal/WorkQueue");
        assertThat(scan.staticInit("org/eclipse/jgit/internal/storage/file/WindowCache", FOLLOW).hazards())
                .contains("java/util/Random.<init>");
        assertThat(scan.staticInit("io/codesession/common/StartupTrace", FOLLOW).hazards()).contains("java/lang/System.getenv");
        assertThat(scan.staticInit("sun/net/httpserver/ServerConfig", FOLLOW).hazards()).contains("java/lang/Long.getLong");
    }

    /** Call sites whose default value is not read from a static field right before the call, resolved by reading the code. */
    static final Map<String, String> BY_HAND = Map.of(
            // followRedirects of a URL section defaults to the value read for the http section
            "org/eclipse/jgit/transport/HttpConfig", "org.eclipse.jgit.transport.HttpConfig$HttpRedirectMode");

    /**
     * JGit's {@code Config.getEnum(section, subsection, name, defaultValue)} finds the enum's
     * constants with {@code getClass().getMethod("values")}: every enum passed that way must be
     * registered for reflection with its {@code values()} method.
     */
    @Test
    void jgitConfigEnumsAreRegistered() {
        Set<String> needed = new TreeSet<>();
        List<String> unresolved = new ArrayList<>();
        for (String c : jgitClasses) {
            ClassModel m = scan.model(c).orElseThrow();
            for (String type : ClassScan.lastArgumentStaticFieldTypes(m, "org/eclipse/jgit/lib/Config", "getEnum",
                    "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/Enum;)Ljava/lang/Enum;")) {
                if ((type == null || !type.startsWith("L") || type.equals("Ljava/lang/String;")) && BY_HAND.containsKey(c)) {
                    needed.add(BY_HAND.get(c));
                } else if (type == null || !type.startsWith("L") || type.equals("Ljava/lang/String;")) {
                    unresolved.add(c);
                } else {
                    String internal = type.substring(1, type.length() - 1);
                    needed.add(internal.replace('/', '.'));
                    // an enum constant with a body is an instance of a subclass: getClass() is that class
                    for (String sub : jgitClasses) {
                        if (sub.startsWith(internal + "$") && scan.superclasses(sub).contains(internal)) {
                            needed.add(sub.replace('/', '.'));
                        }
                    }
                }
            }
        }
        assertThat(needed).as("Config.getEnum call sites found in JGit").isNotEmpty();
        assertThat(unresolved).as("Config.getEnum call sites whose enum type is not a constant: check them by hand").isEmpty();
        Set<String> registered = new TreeSet<>();
        for (JsonNode r : metadata.path("reflection")) {
            if (r.path("allPublicMethods").asBoolean()) {
                registered.add(r.path("type").asText()); // includes the inherited public static values()
            }
            for (JsonNode method : r.path("methods")) {
                if (method.path("name").asText().equals("values") && method.path("parameterTypes").isEmpty()) {
                    registered.add(r.path("type").asText());
                }
            }
        }
        assertThat(registered).as("reflection entries with values() in reachability-metadata.json").containsAll(needed);
    }

    /** JGit's message bundles: the class is instantiated and its public String fields set reflectively from the bundle. */
    @Test
    void jgitTranslationBundlesAreRegistered() {
        List<String> bundles = jgitClasses.stream()
                .filter(c -> scan.superclasses(c).contains("org/eclipse/jgit/nls/TranslationBundle"))
                .map(c -> c.replace('/', '.')).sorted().toList();
        assertThat(bundles).contains(JGitText.class.getName());
        Set<String> resourceBundles = new TreeSet<>();
        for (JsonNode r : metadata.path("resources")) {
            if (r.has("bundle")) {
                resourceBundles.add(r.path("bundle").asText());
            }
        }
        for (String b : bundles) {
            assertThat(resourceBundles).as("resource bundle " + b).contains(b);
            JsonNode entry = reflectionEntry(b);
            assertThat(entry).as("reflection entry for " + b).isNotNull();
            assertThat(entry.path("allPublicFields").asBoolean()).as(b + " allPublicFields").isTrue();
            assertThat(entry.path("methods").toString()).as(b + " no-arg constructor").contains("\"<init>\"");
        }
    }

    /** The one downcall of the code (kill(2) in {@link Posix}) is registered with the same descriptor. */
    @Test
    void killDowncallIsRegistered() throws IOException {
        JsonNode downcalls = metadata.path("foreign").path("downcalls");
        assertThat(downcalls).hasSize(1);
        Map<String, MemoryLayout> canonical = Linker.nativeLinker().canonicalLayouts();
        JsonNode d = downcalls.get(0);
        List<MemoryLayout> params = new ArrayList<>();
        d.path("parameterTypes").forEach(t -> params.add(canonical.get(t.asText())));
        FunctionDescriptor registered = FunctionDescriptor.of(canonical.get(d.path("returnType").asText()),
                params.toArray(MemoryLayout[]::new));
        assertThat(registered).isEqualTo(Posix.KILL_DESCRIPTOR);
        // every downcallHandle call in the code is in Posix (if another appears, register it too)
        List<String> callers = new ArrayList<>();
        for (String c : ourClasses()) {
            ClassModel m = scan.model(c).orElseThrow();
            if (!ClassScan.lastArgumentStaticFieldTypes(m, "java/lang/foreign/Linker", "downcallHandle",
                    "(Ljava/lang/foreign/MemorySegment;Ljava/lang/foreign/FunctionDescriptor;[Ljava/lang/foreign/Linker$Option;)Ljava/lang/invoke/MethodHandle;")
                    .isEmpty()) {
                callers.add(c);
            }
        }
        assertThat(callers).containsExactly("io/codesession/proxy/Posix");
    }

    /** Every resource the application reads at run time is in quarkus.native.resources.includes (and every include matches something). */
    @Test
    void resourcesAreIncluded() throws IOException, URISyntaxException {
        Properties app = new Properties();
        try (InputStream in = LOADER.getResourceAsStream("application.properties")) {
            app.load(in);
        }
        List<String> globs = Arrays.stream(app.getProperty("quarkus.native.resources.includes", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        assertThat(globs).isNotEmpty();
        List<PathMatcher> matchers = globs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        List<String> resources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(mainClasses)) {
            files.filter(Files::isRegularFile).map(f -> mainClasses.relativize(f).toString().replace('\\', '/'))
                    .filter(r -> !r.endsWith(".class") && !r.equals("application.properties")
                            && !r.startsWith("META-INF/native-image/"))
                    .forEach(resources::add);
        }
        // resources of other jars named by the code (the Chart.js webjar file): string constants that are resource paths
        for (String c : ourClasses()) {
            for (String s : ClassScan.stringConstants(scan.model(c).orElseThrow())) {
                if (s.startsWith("/") && s.substring(s.lastIndexOf('/')).contains(".") && !s.contains(" ")
                        && LOADER.getResource(s.substring(1)) != null && !resources.contains(s.substring(1))) {
                    resources.add(s.substring(1));
                }
            }
        }
        assertThat(resources).contains("META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js");
        for (String r : resources) {
            assertThat(matchers.stream().anyMatch(m -> m.matches(Path.of(r)))).as(r + " in quarkus.native.resources.includes").isTrue();
        }
        for (int i = 0; i < globs.size(); i++) {
            PathMatcher m = matchers.get(i);
            assertThat(resources.stream().anyMatch(r -> m.matches(Path.of(r)))).as("include " + globs.get(i) + " matches a resource")
                    .isTrue();
        }
    }

    static JsonNode reflectionEntry(String type) {
        for (JsonNode r : metadata.path("reflection")) {
            if (r.path("type").asText().equals(type)) {
                return r;
            }
        }
        return null;
    }

}
