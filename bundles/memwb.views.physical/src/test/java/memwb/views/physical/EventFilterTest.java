package memwb.views.physical;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.machine.MachineEvent;

class EventFilterTest {
    private final List<MachineEvent> events = List.of(new MachineEvent(1, 0, "boot", -1, "RAM: 3 regions"),
            new MachineEvent(2, 0, "pfa.alloc", 0x9000, "bytemap: frame 0x9000 for heap"),
            new MachineEvent(3, 0, "pfa.free", 0x9000, "bytemap: frame 0x9000 freed"),
            new MachineEvent(4, 0, "vmm.map", 0xffffffff80000000L, "kernel text"),
            new MachineEvent(5, 0, "pfaX", 1, "not a pfa event"));

    private List<Long> sequences(EventFilter f) {
        return f.apply(events).stream().map(MachineEvent::sequence).toList();
    }

    @Test
    void aKindMatchesItselfAndItsDottedChildrenOnly() {
        assertEquals(List.of(2L, 3L), sequences(new EventFilter("pfa", "")));
        assertEquals(List.of(3L), sequences(new EventFilter("pfa.free", null)));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sequences(new EventFilter("all", "")));
    }

    @Test
    void everyWordMustAppearInKindMessageOrHexAddress() {
        assertEquals(List.of(2L), sequences(new EventFilter("", "HEAP 0x9000")));
        assertEquals(List.of(4L), sequences(new EventFilter("", "0xffffffff8")));
        assertEquals(List.of(), sequences(new EventFilter("vmm", "heap")));
    }

    @Test
    void theKindChooserListsFirstWordsOnce() {
        assertEquals(List.of("boot", "pfa", "pfaX", "vmm"), EventFilter.kinds(events));
    }
}
