package memwb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/** Issue 5 at the console: the kernel heap, heap and paging swaps, a heap bundle going and coming, snapshots. */
class HeapConsoleIT extends ConsoleSession {
    @BeforeEach
    void boot() {
        launcher.execute("boot " + QEMU_128M);
    }

    private static long address(String output) {
        return Long.parseUnsignedLong(output.trim().split(" ")[0].substring(2), 16);
    }

    @Test
    void mallocFreeAndTheHeapListings() {
        assertTrue(launcher.execute("use").contains("heap: tlsf, freelist (active: tlsf)"), launcher.execute("use"));
        String p = launcher.execute("malloc 100");
        assertTrue(p.matches("0xffffffff[0-9a-f]{8} \\(\\d+ usable bytes\\)\\n"), p);
        // A 100-byte request is a small one: its payload is in the small arena the heap describes.
        Matcher small = Pattern.compile("small arena: 0x([0-9a-f]+)-0x([0-9a-f]+)")
                .matcher(launcher.execute("heap"));
        assertTrue(small.find(), launcher.execute("heap"));
        long payload = address(p);
        assertTrue(Long.compareUnsigned(payload, Long.parseUnsignedLong(small.group(1), 16)) > 0
                && Long.compareUnsigned(payload, Long.parseUnsignedLong(small.group(2), 16)) < 0, p + launcher.execute("heap"));
        assertEquals("heap check: OK\n", launcher.execute("heap check"));
        String blocks = launcher.execute("heap blocks");
        assertTrue(blocks.contains(p.split(" ")[0].substring(2)) && blocks.contains("used"), blocks);
        assertTrue(launcher.execute("heap").contains("1 live blocks"), launcher.execute("heap"));
        String va = p.split(" ")[0];
        assertEquals("freed " + va + "\n", launcher.execute("free " + va));
        String twice = failure("free " + va);
        assertTrue(twice.contains(va), "a double free names the address: " + twice);
        assertEquals("heap check: OK\n", launcher.execute("heap check"), "and leaves the heap intact");
        assertTrue(failure("free 0x1234").contains("0x1234"));
        assertTrue(launcher.execute("calloc 4 0x10").contains("usable bytes"));
        assertTrue(address(launcher.execute("memalign 0x1000 64")) % 0x1000 == 0);
        assertTrue(failure("memalign 24 64").contains("24"), "not a power of two");
        assertTrue(failure("heap nonsense").contains("heap blocks"), "the usage lists the listings");
    }

    @Test
    void theHeapAndThePagingModeSwapUnderLiveBlocks() {
        String p = launcher.execute("malloc 5000").split(" ")[0];
        launcher.execute("x /4bx " + p);
        assertEquals("heap is now freelist, every live block kept\n", launcher.execute("use heap freelist"));
        assertTrue(launcher.execute("heap blocks").contains(p.substring(2)));
        String paging = launcher.execute("use paging 5-level");
        assertTrue(paging.startsWith("paging mode is now 5-level, every mapping kept"), paging);
        assertTrue(launcher.execute("translate " + p + " w").startsWith(p + " -> "), "the block is still mapped");
        String refused = failure("use paging 32-bit");
        assertTrue(refused.contains("refused") && refused.contains("nothing changed"), refused);
        launcher.execute("use paging 4-level");
        launcher.execute("use heap tlsf");
        assertEquals("freed " + p + "\n", launcher.execute("free " + p));
        assertEquals("heap check: OK\n", launcher.execute("heap check"));
        assertTrue(launcher.execute("info events 40").contains("heap freelist -> tlsf"));
    }

    @Test
    void theActiveHeapsBundleGoingFallsBackAndItsReturnTakesOverByRanking() throws Exception {
        String p = launcher.execute("malloc 300").split(" ")[0];
        Bundle tlsf = Arrays.stream(launcher.context().getBundles())
                .filter(b -> b.getSymbolicName().equals("memwb.heap.tlsf")).findFirst().orElseThrow();
        tlsf.stop();
        await("heap: freelist (active: freelist)");
        assertTrue(launcher.execute("heap blocks").contains(p.substring(2)), "the block survived the fallback");
        tlsf.start();
        await("(active: tlsf)");
        assertTrue(launcher.execute("info events 40").contains("heap freelist -> tlsf"));
        assertEquals("freed " + p + "\n", launcher.execute("free " + p));
    }

    @Test
    void saveAndOpenKeepTheMachine(@TempDir Path dir) {
        String p = launcher.execute("malloc 64").split(" ")[0];
        launcher.execute("map 0x400000 0x200000 0x1000 w");
        String mem = launcher.execute("info mem -v");
        String blocks = launcher.execute("heap blocks");
        Path file = dir.resolve("m.memwb");
        assertTrue(launcher.execute("save " + file).startsWith("saved "));
        launcher.execute("boot " + QEMU_128M);
        assertTrue(launcher.execute("open " + file).startsWith("opened "));
        assertEquals(mem, launcher.execute("info mem -v"));
        assertEquals(blocks, launcher.execute("heap blocks"));
        assertEquals("freed " + p + "\n", launcher.execute("free " + p));
        assertTrue(failure("open " + dir.resolve("missing.memwb")).contains("missing.memwb"));
    }

    private void await(String useContains) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!launcher.execute("use").contains(useContains)) {
            assertTrue(System.nanoTime() < deadline, "never saw \"" + useContains + "\" in: " + launcher.execute("use"));
            Thread.sleep(50);
        }
    }
}
