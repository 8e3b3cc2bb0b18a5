package memwb.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The assembled distribution the integration tests boot (target/memwb, set by the POM). */
final class Dist {
    private Dist() {
    }

    static Path dir() {
        String prop = System.getProperty("memwb.dist");
        if (prop == null) {
            throw new IllegalStateException("system property memwb.dist is not set: run the tests with `mvn verify`");
        }
        Path dist = Paths.get(prop);
        if (!Files.isRegularFile(dist.resolve("lib/memwb-launcher.jar"))) {
            throw new IllegalStateException("no assembled distribution in " + dist + ": run `mvn verify`, not `mvn test`");
        }
        return dist;
    }

    static Path bundle(String prefix) throws java.io.IOException {
        try (var jars = Files.list(dir().resolve("bundles"))) {
            return jars.filter(p -> p.getFileName().toString().startsWith(prefix + "-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + " jar in the distribution"));
        }
    }
}
