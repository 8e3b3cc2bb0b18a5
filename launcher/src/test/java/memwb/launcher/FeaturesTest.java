package memwb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesTest {
    @TempDir
    Path dir;
    Path features;
    Path bundles;

    @BeforeEach
    void layout() throws IOException {
        features = Files.createDirectories(dir.resolve("features"));
        bundles = Files.createDirectories(dir.resolve("bundles"));
        jar("a");
        jar("b");
        jar("c");
        Files.writeString(features.resolve("base.json"), "{\"name\":\"base\",\"bundles\":[\"a\"]}");
        Files.writeString(features.resolve("top.json"), "{\"name\":\"top\",\"includes\":[\"base\"],\"bundles\":[\"b\",\"a\"]}");
    }

    private void jar(String bsn) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-SymbolicName", bsn + ";singleton:=true");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(bundles.resolve(bsn + "-1.0.jar")), m)) {
            out.flush();
        }
    }

    @Test
    void includedFeaturesComeFirstAndEveryBundleOnce() {
        List<Path> jars = Features.load(features, bundles).resolve(List.of("top"));
        assertEquals(List.of("a-1.0.jar", "b-1.0.jar"), jars.stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void anUnknownFeatureIsNamedWithTheKnownOnes() {
        LaunchException e = assertThrows(LaunchException.class, () -> Features.load(features, bundles).resolve(List.of("nope")));
        assertTrue(e.getMessage().contains("unknown feature \"nope\"") && e.getMessage().contains("base, top"), e.getMessage());
    }

    @Test
    void aBundleMissingFromTheDistributionIsNamedWithItsFeature() throws IOException {
        Files.writeString(features.resolve("gap.json"), "{\"name\":\"gap\",\"bundles\":[\"zz\"]}");
        LaunchException e = assertThrows(LaunchException.class, () -> Features.load(features, bundles).resolve(List.of("gap")));
        assertTrue(e.getMessage().contains("bundle zz (feature gap) is missing") && e.getMessage().contains("[a, b, c]"), e.getMessage());
    }

    @Test
    void malformedFeatureJsonNamesTheFile() throws IOException {
        Files.writeString(features.resolve("bad.json"), "{\"name\": \"bad\", \"bundles\": [");
        LaunchException e = assertThrows(LaunchException.class, () -> Features.load(features, bundles));
        assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
    }

    @Test
    void aCycleOfIncludesIsRefused() throws IOException {
        Files.writeString(features.resolve("x.json"), "{\"name\":\"x\",\"includes\":[\"y\"]}");
        Files.writeString(features.resolve("y.json"), "{\"name\":\"y\",\"includes\":[\"x\"]}");
        LaunchException e = assertThrows(LaunchException.class, () -> Features.load(features, bundles).resolve(List.of("x")));
        assertTrue(e.getMessage().contains("cycle: x -> y -> x"), e.getMessage());
    }
}
