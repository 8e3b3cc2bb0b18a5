package memwb.dropins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarCheckTest {
    @TempDir
    Path dir;

    private File jar(String name, String bsn) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) {
            m.getMainAttributes().putValue("Bundle-SymbolicName", bsn);
        }
        Path p = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(p), m)) {
            out.flush();
        }
        return p.toFile();
    }

    @Test
    void aBundleHasNoProblem() throws IOException {
        assertEquals(Optional.empty(), JarCheck.problem(jar("ok.jar", "ok")));
    }

    @Test
    void aPlainJarIsNotABundle() throws IOException {
        assertTrue(JarCheck.problem(jar("plain.jar", null)).orElseThrow().contains("no Bundle-SymbolicName"));
    }

    @Test
    void garbageIsNotAZip() throws IOException {
        Path p = Files.writeString(dir.resolve("broken.jar"), "this is not a zip file");
        assertTrue(JarCheck.problem(p.toFile()).orElseThrow().startsWith("is not a jar (zip) file"));
    }

    @Test
    void theReporterClaimsOnlyBrokenJarsAndListsThem() throws IOException {
        BrokenJarReporter r = new BrokenJarReporter();
        File good = jar("good.jar", "good");
        Path bad = Files.writeString(dir.resolve("broken.jar"), "garbage");
        assertTrue(!r.canHandle(good) && r.canHandle(bad.toFile()));
        r.install(bad.toFile());
        assertTrue(r.dropins().startsWith("broken.jar is not a jar (zip) file"), r.dropins());
        r.uninstall(bad.toFile());
        assertEquals("every jar in dropins/ is an installable bundle", r.dropins());
    }
}
