package memwb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** Boots the assembled distribution headless, as `memwb --headless` does, and checks it is whole. */
class DistributionIT {

    @Test
    void headlessCoreStartsWithEveryBundleActiveEveryComponentSatisfiedAndNoErrors(@TempDir Path storage) {
        LaunchConfig config = LaunchConfig.of(Dist.dir(), List.of("core"), LaunchConfig.Console.NONE)
                .withStorage(storage).withDropins(storage.resolve("dropins"));
        try (Launcher launcher = Launcher.start(config)) {
            launcher.awaitReady(Duration.ofSeconds(30));
            System.out.println("[DistributionIT] headless core ready in " + launcher.readyMillis() + " ms");

            Set<String> names = new TreeSet<>();
            for (Bundle b : launcher.context().getBundles()) {
                names.add(b.getSymbolicName());
                assertEquals(Bundle.ACTIVE, b.getState(), b.getSymbolicName() + " is not ACTIVE");
            }
            assertTrue(names.containsAll(Set.of("org.apache.felix.scr", "org.apache.felix.fileinstall",
                    "org.apache.felix.gogo.runtime", "memwb.api", "memwb.ram", "memwb.gdt", "memwb.pfa.support", "memwb.pfa.bytemap",
                    "memwb.paging", "memwb.vmm", "memwb.machine", "memwb.shell", "memwb.dropins")), "core bundles missing: " + names);
            assertTrue(names.stream().noneMatch(n -> n.startsWith("org.eclipse.swt")), "headless must not install SWT");

            ServiceComponentRuntime scr = launcher.context().getService(
                    launcher.context().getServiceReference(ServiceComponentRuntime.class));
            int components = 0;
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    components++;
                    boolean ok = c.state == ComponentConfigurationDTO.ACTIVE
                            || (!d.immediate && c.state == ComponentConfigurationDTO.SATISFIED);
                    assertTrue(ok, d.name + " is in state " + c.state + " " + c.failure);
                }
            }
            assertTrue(components > 0, "no DS components at all: bnd did not generate any");
            assertEquals(List.of(), launcher.loggedErrors(), "errors were logged during start");
        }
    }

    @Test
    void keptCacheIsReusedAndARebuiltJarWipesIt(@TempDir Path storage) throws Exception {
        LaunchConfig config = LaunchConfig.of(Dist.dir(), List.of("core"), LaunchConfig.Console.NONE)
                .withStorage(storage).withDropins(storage.resolve("dropins"));
        long firstId;
        try (Launcher launcher = Launcher.start(config)) {
            launcher.awaitReady(Duration.ofSeconds(30));
            firstId = launcher.context().getBundles()[launcher.context().getBundles().length - 1].getBundleId();
        }
        String fingerprint = CacheFingerprint.read(storage);
        try (Launcher launcher = Launcher.start(config)) {
            launcher.awaitReady(Duration.ofSeconds(30));
            long lastId = launcher.context().getBundles()[launcher.context().getBundles().length - 1].getBundleId();
            assertEquals(firstId, lastId, "a kept cache reinstalls nothing");
        }
        assertEquals(fingerprint, CacheFingerprint.read(storage));

        // A different feature choice is a different fingerprint: the cache is wiped, not reused.
        LaunchConfig platformOnly = LaunchConfig.of(Dist.dir(), List.of("platform"), LaunchConfig.Console.NONE)
                .withStorage(storage).withDropins(storage.resolve("dropins"));
        try (Launcher launcher = Launcher.start(platformOnly)) {
            launcher.awaitReady(Duration.ofSeconds(30));
            assertTrue(java.util.Arrays.stream(launcher.context().getBundles())
                    .noneMatch(b -> "memwb.ram".equals(b.getSymbolicName())), "stale bundles survived a wipe");
        }
    }
}
