package memwb.dropins;

import java.io.File;
import java.io.IOException;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;

/** Why a jar is not an installable bundle, or empty if it is one. */
final class JarCheck {
    private JarCheck() {
    }

    static Optional<String> problem(File jar) {
        try (JarFile jf = new JarFile(jar)) {
            Manifest m = jf.getManifest();
            if (m == null) {
                return Optional.of("has no META-INF/MANIFEST.MF");
            }
            if (m.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return Optional.of("is a jar but not an OSGi bundle (its manifest has no Bundle-SymbolicName)");
            }
            return Optional.empty();
        } catch (ZipException e) {
            return Optional.of("is not a jar (zip) file: " + e.getMessage());
        } catch (IOException e) {
            return Optional.of("cannot be read: " + e.getMessage());
        }
    }
}
