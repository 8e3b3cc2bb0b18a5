package memwb.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.view.Location;

class SelectionTest {
    private final Selection selection = new Selection();
    private final List<String> opened = new ArrayList<>();
    private final List<RuntimeException> errors = new ArrayList<>();

    @Test
    void selectOpensTheNamedViewBeforeTellingTheListeners() {
        List<String> order = new ArrayList<>();
        selection.attach(Runnable::run, id -> order.add("open " + id));
        selection.listen(l -> order.add("heard " + l.label()));
        selection.select(Location.physical(0x9000, 4096, "frame 0x9000"), "memwb.view.hex", errors::add);
        assertEquals(List.of("open memwb.view.hex", "heard frame 0x9000"), order);
        assertEquals(0x9000, selection.current().address());
    }

    @Test
    void aRemovedListenerHearsNothingMoreAndNoViewOpensWithoutAnId() {
        selection.attach(Runnable::run, opened::add);
        List<Location> heard = new ArrayList<>();
        Runnable remove = selection.listen(heard::add);
        remove.run();
        selection.select(Location.virtual(0x1000, 1, "x"), null, errors::add);
        assertEquals(List.of(), heard);
        assertEquals(List.of(), opened);
        assertEquals(0, selection.listenerCount());
    }

    @Test
    void aFailingListenerIsReportedAndTheOthersStillHear() {
        List<Location> heard = new ArrayList<>();
        selection.listen(l -> {
            throw new IllegalStateException("broken view");
        });
        selection.listen(heard::add);
        Location l = Location.physical(0, 8, "GDT entry 0");
        selection.select(l, null, errors::add);
        assertEquals("broken view", errors.get(0).getMessage());
        assertSame(l, heard.get(0));
    }

    @Test
    void thereIsNoSelectionBeforeTheFirstSelect() {
        assertNull(selection.current());
    }
}
