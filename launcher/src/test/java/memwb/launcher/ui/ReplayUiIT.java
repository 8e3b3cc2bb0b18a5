package memwb.launcher.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The toolbar's Replay trace...: a malloc-lab trace runs in the background on a fresh heap (the UI
 * answers meanwhile), its result line lands in the status bar and Events, and Cancel stops a replay
 * with its heap's pages given back.
 */
class ReplayUiIT {
    @RegisterExtension
    static final Gui gui = Gui.window("ReplayUiIT", "core", "ui").booting("qemu-128m.json");

    /** A run line of info frames: "0x...-0x...   COUNT allocated heap". */
    private static final Pattern HEAP_RUN = Pattern.compile("0x\\p{XDigit}+-0x\\p{XDigit}+\\s+(\\d+) allocated heap\\s*");

    private String trace(String name) {
        return gui.repo.resolve("bundles/memwb.replay/src/test/resources/traces").resolve(name).toString();
    }

    /** Frames the heaps hold now, from info frames' run list summed by owner. */
    private long heapFrames() {
        long total = 0;
        for (String line : gui.launcher.execute("info frames").lines().toList()) {
            Matcher m = HEAP_RUN.matcher(line);
            if (m.matches()) {
                total += Long.parseLong(m.group(1));
            }
        }
        return total;
    }

    @Test
    void aReplayRunsInTheBackgroundAndReportsInTheStatusBarAndEvents() {
        long before = heapFrames();
        assertTrue(gui.launcher.execute("ui:replay " + trace("binary.rep")).startsWith("Replaying "));
        assertTrue(gui.launcher.execute("ui:window").startsWith("Memory Workbench"), "the UI thread answers while it runs");
        gui.await("ui:busy", out -> out.strip().equals("idle"));
        String status = gui.launcher.execute("ui:window");
        assertTrue(status.contains("trace=binary heap=tlsf ops=24000") && status.contains("errors=0"), status);
        assertTrue(gui.launcher.execute("info events 20").contains("trace=binary heap=tlsf"));
        assertEquals(before, heapFrames(), "the replay's scratch heap gave its pages back");
    }

    @Test
    void cancelStopsAReplayAndItsHeapGivesEveryPageBack() {
        long before = heapFrames();
        gui.launcher.execute("ui:replay " + trace("phases.rep")); // warm timing keeps it busy for over a second
        gui.await("ui:busy", out -> out.strip().equals("busy"));
        assertEquals("Cancelling", gui.launcher.execute("ui:cancel").strip());
        gui.await("ui:busy", out -> out.strip().equals("idle"));
        String status = gui.launcher.execute("ui:window");
        assertTrue(status.contains("cancelled"), status);
        assertTrue(!gui.launcher.execute("info events 20").contains("trace=phases"), "no result for a cancelled replay");
        assertEquals(before, heapFrames(), "the cancelled replay's heap gave its pages back");
        assertEquals("Nothing is running", gui.launcher.execute("ui:cancel").strip());
    }
}
