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
 * services appear; replaced, it is updated; deleted, it goes; a broken jar is reported and nothing else is disturbed.
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

            // Replaced by a different build of the same bundle: FileInstall updates it in place.
            Bundle installed = bundle(launcher, "memwb.gdt");
            long modified = installed.getLastModified();
            Path rebuilt = storage.resolve("memwb.gdt-rebuilt.jar");
            copyWithExtraEntry(Dist.bundle("memwb.gdt"), rebuilt);
            Files.copy(rebuilt, gdt, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            waitFor(() -> installed.getLastModified() != modified, "memwb.gdt updated after the replace");
            // The update and FileInstall's refresh that follows swap the bundle's revision: while the old
            // one is closed, Felix's getEntry can throw (seen once in CI), so read it once that is over.
            waitFor(() -> hasEntry(installed, "REBUILT.txt"), "the bundle has the new jar's content");
            assertTrue(installed.getBundleId() == bundle(launcher, "memwb.gdt").getBundleId(), "updated, not reinstalled");
            waitFor(() -> launcher.context().getServiceReference(CODEC) != null, "GDT service back after the update");

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

    /** A copy of {@code jar} with one more entry: the same bundle, a different build. */
    private static void copyWithExtraEntry(Path jar, Path out) throws java.io.IOException {
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(jar));
                java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(out))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null;) {
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                in.transferTo(zip);
                zip.closeEntry();
            }
            zip.putNextEntry(new java.util.zip.ZipEntry("REBUILT.txt"));
            zip.write("rebuilt".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
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

    /** True if {@code b} has entry {@code name} now; false while its revision is being swapped by an update. */
    private static boolean hasEntry(Bundle b, String name) {
        try {
            return b.getEntry(name) != null;
        } catch (RuntimeException swapping) {
            return false;
        }
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
