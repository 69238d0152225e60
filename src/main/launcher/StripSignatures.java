import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build step (run as a single-file program): removes jar signature files from the packaged
 * dependencies. The JDK verifies signed jars on every start and keeps their classes out of the
 * AOT cache; JGit's jar is signed, which cost ~65 ms per `cs` call. The classes are unchanged.
 */
public class StripSignatures {

    public static void main(String[] args) throws IOException {
        for (String name : args) {
            Path jar = Path.of(name);
            Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
            boolean signed = false;
            try (InputStream raw = Files.newInputStream(jar);
                    ZipInputStream in = new ZipInputStream(raw);
                    OutputStream rawOut = Files.newOutputStream(tmp);
                    ZipOutputStream out = new ZipOutputStream(rawOut)) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    if (isSignatureFile(e.getName())) {
                        signed = true;
                        continue;
                    }
                    ZipEntry copy = new ZipEntry(e.getName());
                    copy.setTime(e.getTime());
                    out.putNextEntry(copy);
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            if (signed) {
                Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
                System.out.println("make-launcher: removed jar signature from " + jar.getFileName());
            } else {
                Files.delete(tmp);
            }
        }
    }

    private static boolean isSignatureFile(String name) {
        if (!name.startsWith("META-INF/") || name.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return name.endsWith(".SF") || name.endsWith(".RSA") || name.endsWith(".DSA") || name.endsWith(".EC");
    }
}
