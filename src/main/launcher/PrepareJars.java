import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build step, run as a single-file program on the packaged dependency jars so the JDK AOT cache
 * can hold every class a `cs` call loads:
 * <ul>
 * <li>jar signature files are removed: the JDK verifies signed jars on every start and keeps their
 * classes out of the cache (JGit's jar is signed);</li>
 * <li>class files older than Java 6 (picocli targets Java 5) are re-emitted as Java 8 class files
 * with stack maps: old classes need the slow type-inferencing verifier on every start and are not
 * cached. The bytecode of every method is unchanged.</li>
 * </ul>
 * A jar that cannot be processed is left as it was.
 */
public class PrepareJars {

    public static void main(String[] args) {
        List<URL> all = new ArrayList<>();
        for (String a : args) {
            try {
                all.add(Path.of(a).toUri().toURL());
            } catch (IOException e) {
                throw new IllegalArgumentException(a, e);
            }
        }
        try (URLClassLoader classpath = new URLClassLoader(all.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            ClassFile cf = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(classpath))));
            for (String a : args) {
                Path jar = Path.of(a);
                try {
                    prepare(cf, jar);
                } catch (IOException | RuntimeException e) {
                    System.out.println("make-launcher: left " + jar.getFileName() + " as it is: " + e);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void prepare(ClassFile cf, Path jar) throws IOException {
        if (!needsWork(cf, jar)) {
            return;
        }
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        int signatures = 0;
        int upgraded = 0;
        try (InputStream raw = Files.newInputStream(jar);
                ZipInputStream in = new ZipInputStream(raw);
                OutputStream rawOut = Files.newOutputStream(tmp);
                ZipOutputStream out = new ZipOutputStream(rawOut)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (isSignatureFile(e.getName())) {
                    signatures++;
                    continue;
                }
                byte[] bytes = in.readAllBytes();
                if (isClass(e.getName())) {
                    ClassModel model = cf.parse(bytes);
                    if (model.majorVersion() < ClassFile.JAVA_6_VERSION) {
                        bytes = cf.transformClass(model, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                .andThen(ClassTransform.endHandler(b -> b.withVersion(ClassFile.JAVA_8_VERSION, 0))));
                        upgraded++;
                    }
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("make-launcher: " + jar.getFileName() + ": removed " + signatures
                + " signature files, re-emitted " + upgraded + " pre-Java-6 classes");
    }

    /** Whether the jar is signed or holds a pre-Java-6 class (read-only pass). */
    private static boolean needsWork(ClassFile cf, Path jar) throws IOException {
        try (InputStream raw = Files.newInputStream(jar); ZipInputStream in = new ZipInputStream(raw)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (isSignatureFile(e.getName())) {
                    return true;
                }
                if (isClass(e.getName())) {
                    byte[] head = in.readNBytes(8);
                    if (head.length == 8 && ((head[6] & 0xff) << 8 | (head[7] & 0xff)) < ClassFile.JAVA_6_VERSION) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isClass(String name) {
        return name.endsWith(".class") && !name.endsWith("module-info.class") && !name.startsWith("META-INF/");
    }

    private static boolean isSignatureFile(String name) {
        if (!name.startsWith("META-INF/") || name.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return name.endsWith(".SF") || name.endsWith(".RSA") || name.endsWith(".DSA") || name.endsWith(".EC");
    }
}
