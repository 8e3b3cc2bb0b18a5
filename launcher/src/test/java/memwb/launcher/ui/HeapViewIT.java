package memwb.launcher.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Boots qemu-128m in the workbench, mallocs and frees through the console, and checks that the Heap
 * view shows the kernel heap's free lists as the console's {@code heap bins} lists them, with the
 * check passing; saves a screenshot.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeapViewIT {
    /** A few of the view's polls (30 a second). */
    private static final long SAMPLE_MILLIS = 150;

    @RegisterExtension
    static final Gui gui = Gui.withDriver("HeapViewIT");

    @Test
    @Order(1)
    void theHeapViewShowsTheFreeListsTheConsoleSeesAndACleanCheck() throws IOException {
        gui.launcher.execute("ui:show memwb.view.heap");
        List<String> blocks = new ArrayList<>();
        for (int size : new int[] { 100, 2000, 64, 300, 5000, 48, 700 }) {
            blocks.add(gui.launcher.execute("malloc " + size).strip().split(" ")[0]);
            pause(); // the view samples each machine version: the plots get one point per step
        }
        gui.launcher.execute("free " + blocks.get(1));
        pause();
        gui.launcher.execute("free " + blocks.get(4));
        String bins = gui.launcher.execute("heap bins");
        String title = gui.awaitDrive("text heap.title", s -> s.contains("7 live blocks") || s.contains("5 live blocks"));
        assertTrue(title.contains("5 live blocks"), title);
        assertEquals("check: ok", gui.drive("text heap.check"));
        String dump = gui.launcher.execute("ui:dump memwb.view.heap");
        for (String line : bins.lines().toList()) {
            int colon = line.indexOf(": ");
            String name = line.substring(0, colon);
            String[] headers = line.substring(colon + 2).split(" -> ");
            String row = name + "\t" + headers.length + "\t" + String.join(" ", headers);
            assertTrue(dump.lines().anyMatch(row::equals), "no row " + row + " in\n" + dump + "\nfor heap bins:\n" + bins);
        }
        assertEquals(bins.lines().count(), dump.lines().count(), "one row per non-empty list:\n" + dump);
        gui.screenshot("heap.png");
    }

    private static void pause() {
        try {
            Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @Order(2)
    void aDoubleFreeIsRefusedAndTheViewStillShowsASoundHeap() {
        String p = gui.launcher.execute("malloc 32").strip().split(" ")[0];
        gui.launcher.execute("free " + p);
        String refused = gui.failure("free " + p);
        assertTrue(refused.contains(p), refused);
        assertEquals("check: ok", gui.awaitDrive("text heap.check", s -> !s.isEmpty()));
    }
}
