package memwb.views.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class HistoryTest {
    private final History history = new History();

    @Test
    void upWalksBackFromTheNewestAndStopsAtTheOldest() {
        history.add("boot scenarios/qemu-128m.json");
        history.add("info map");
        assertEquals("info map", history.up());
        assertEquals("boot scenarios/qemu-128m.json", history.up());
        assertEquals("boot scenarios/qemu-128m.json", history.up());
    }

    @Test
    void downWalksForwardAndPastTheNewestGivesAnEmptyLine() {
        history.add("palloc");
        history.add("info frames");
        history.up();
        history.up();
        assertEquals("info frames", history.down());
        assertEquals("", history.down());
        assertEquals("", history.down());
    }

    @Test
    void blankLinesAndRepeatsOfTheNewestAreNotKept() {
        history.add("palloc");
        history.add("palloc ");
        history.add("   ");
        history.add("info gdt");
        history.add("palloc");
        assertEquals(List.of("palloc", "info gdt", "palloc"), history.lines());
    }

    @Test
    void anEmptyHistoryHasNothingAboveAndIsBounded() {
        assertNull(history.up());
        for (int i = 0; i < History.MAX_LINES + 10; i++) {
            history.add("xp 0x" + i);
        }
        assertEquals(History.MAX_LINES, history.lines().size());
        assertEquals("xp 0x10", history.lines().get(0));
    }
}
