package memwb.launcher;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * FileInstall on dropins/: a jar copied in is installed and started within seconds and its DS
 * services appear; deleted, it goes; a broken jar is reported and nothing else is disturbed.
 */
class DropinsIT {
    private static final String CODEC = "memwb.api.gdt.DescriptorCodec";

    @Test
    void aBundleDroppedInAppearsAsAServiceAndDisappearsWhenDeleted(@TempDir Path storage) throws Exception {
        Path dropins = storage.resolve("dropins");
        LaunchConfig config = LaunchConfig.of(Dist.dir(), List.of("platform"), LaunchConfig.Console.NONE)
                .withStorage(storage).withDropins(dropins);
        try (Launcher launcher = Launcher.start(config)) {
            launcher.awaitReady(Duration.ofSeconds(30));
            assertNull(launcher.context().getServiceReference(CODEC), "no GDT service before the drop");

            Files.copy(Dist.bundle("memwb.api"), dropins.resolve("memwb.api.jar"));
            Path gdt = Files.copy(Dist.bundle("memwb.gdt"), dropins.resolve("memwb.gdt.jar"));
            long t0 = System.nanoTime();
            waitFor(() -> launcher.context().getServiceReference(CODEC) != null, "GDT service after the drop");
            System.out.printf("[DropinsIT] service appeared %d ms after the copy%n", (System.nanoTime() - t0) / 1_000_000);

            Files.delete(gdt);
            waitFor(() -> launcher.context().getServiceReference(CODEC) == null, "GDT service gone after delete");
            waitFor(() -> bundle(launcher, "memwb.gdt") == null, "memwb.gdt uninstalled after delete");
            assertNotNull(bundle(launcher, "memwb.api"), "the other dropped bundle stays");
        }
    }

    @Test
    void aBrokenJarIsReportedAndEverythingElseKeepsRunning(@TempDir Path storage) throws Exception {
        Path dropins = storage.resolve("dropins");
        LaunchConfig config = LaunchConfig.of(Dist.dir(), List.of("platform"), LaunchConfig.Console.NONE)
                .withStorage(storage).withDropins(dropins);
        try (Launcher launcher = Launcher.start(config)) {
            launcher.awaitReady(Duration.ofSeconds(30));
            Files.writeString(dropins.resolve("broken.jar"), "this is not a zip file");
            Files.copy(Dist.bundle("memwb.api"), dropins.resolve("memwb.api.jar"));
            Files.copy(Dist.bundle("memwb.gdt"), dropins.resolve("memwb.gdt.jar"));
            waitFor(() -> launcher.context().getServiceReference(CODEC) != null, "GDT service beside a broken jar");
            for (Bundle b : launcher.context().getBundles()) {
                assertTrue(b.getState() == Bundle.ACTIVE, b.getSymbolicName() + " not active beside a broken jar");
            }
            assertTrue(launcher.execute("lb").contains("Memory Workbench GDT"), "console still answers");
            String report = launcher.execute("dropins");
            assertTrue(report.contains("broken.jar is not a jar (zip) file"), "the broken jar is reported: " + report);
        }
    }

    private static Bundle bundle(Launcher launcher, String bsn) {
        for (Bundle b : launcher.context().getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 10 s waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }
}
