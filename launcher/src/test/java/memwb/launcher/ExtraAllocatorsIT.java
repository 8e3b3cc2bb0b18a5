package memwb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extra frame allocators as a user meets them: installed with the extras feature, or dropped
 * into dropins/ while a machine runs, then swapped in under the running machine with `use pfa`,
 * keeping every allocated frame; deleting the active one's jar falls back to another.
 */
class ExtraAllocatorsIT {

    private static Launcher start(Path storage, String... features) {
        Launcher launcher = Launcher.start(LaunchConfig.of(Dist.dir(), List.of(features), LaunchConfig.Console.NONE)
                .withStorage(storage).withDropins(storage.resolve("dropins")));
        launcher.awaitReady(Duration.ofSeconds(30));
        return launcher;
    }

    @Test
    void theExtrasFeatureAddsBitmapAndBuddyAndEachSwapKeepsEveryFrame(@TempDir Path storage) {
        try (Launcher launcher = start(storage, "core", "extras")) {
            assertTrue(launcher.execute("use").startsWith("pfa: bytemap, bitmap, buddy (active: -)\n"));
            launcher.execute("boot " + ConsoleSession.QEMU_128M);
            List<String> frames = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                frames.add(launcher.execute("palloc").trim());
            }
            String run = launcher.execute("palloc 512 0x200000").trim().substring(0, 18);
            String mem = launcher.execute("info mem");
            for (String pfa : List.of("bitmap", "buddy", "bytemap", "buddy")) {
                assertEquals("frame allocator is now " + pfa + "\n", launcher.execute("use pfa " + pfa));
                assertEquals(mem, launcher.execute("info mem"), "every mapping translates the same after the swap");
                assertTrue(launcher.execute("info frames").contains("allocated"), pfa);
            }
            for (String f : frames) {
                assertEquals("freed " + f + "\n", launcher.execute("pfree " + f), "frames allocated before the swaps");
            }
            assertTrue(launcher.execute("pfree " + run + " 512").startsWith("freed 512 frames"));
            assertTrue(launcher.execute("info events 30").contains("frame allocator buddy -> bytemap"));
        }
    }

    @Test
    void anAllocatorDroppedIntoDropinsCanBeSwappedInAndItsRemovalFallsBack(@TempDir Path storage) throws Exception {
        try (Launcher launcher = start(storage, "core")) {
            launcher.execute("boot " + ConsoleSession.QEMU_128M);
            String frame = launcher.execute("palloc").trim();
            assertTrue(launcher.execute("use").startsWith("pfa: bytemap (active: bytemap)\n"));
            Files.copy(Dist.bundle("memwb.pfa.bitmap"), storage.resolve("dropins/memwb.pfa.bitmap.jar"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!launcher.execute("use").contains("bitmap")) {
                assertTrue(System.nanoTime() < deadline, "bitmap never appeared after the drop");
                Thread.sleep(100);
            }
            assertEquals("frame allocator is now bitmap\n", launcher.execute("use pfa bitmap"));
            String second = launcher.execute("palloc").trim();

            // Uninstalling the active allocator's bundle falls back to another one, migrating.
            Files.delete(storage.resolve("dropins/memwb.pfa.bitmap.jar"));
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!launcher.execute("use").startsWith("pfa: bytemap (active: bytemap)\n")) {
                assertTrue(System.nanoTime() < deadline, "no fallback after the delete: " + launcher.execute("use"));
                Thread.sleep(100);
            }
            assertTrue(launcher.execute("info events 10").contains("frame allocator bitmap -> bytemap"));
            assertEquals("freed " + frame + "\n", launcher.execute("pfree " + frame));
            assertEquals("freed " + second + "\n", launcher.execute("pfree " + second));
        }
    }
}
