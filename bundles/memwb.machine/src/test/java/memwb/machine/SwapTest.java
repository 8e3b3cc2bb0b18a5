package memwb.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.machine.MachineException;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameState;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;

class SwapTest {

    @Test
    void swappingAllocatorsKeepsEveryAllocatedFrameAndItsOwnerAndMovesTheMetadata() {
        MachineManager manager = Machines.manager();
        BootedMachine m = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        List<Long> mine = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            mine.add(m.frames().allocFrame(i % 2 == 0 ? Owner.HEAP : Owner.PAGE_TABLES));
        }
        m.frames().freeFrame(mine.remove(10));
        OwnedRange oldMeta = m.frames().metadata().get(0);
        long allocatedBefore = m.frames().stats().allocated();

        manager.useFrameAllocator("bytemap");

        FrameAllocator after = m.frames();
        assertEquals(allocatedBefore, after.stats().allocated());
        for (int i = 0; i < mine.size(); i++) {
            assertEquals(FrameState.ALLOCATED, after.state(mine.get(i)));
        }
        assertEquals(Owner.HEAP, after.owner(mine.get(0)));
        assertEquals(Owner.PAGE_TABLES, after.owner(mine.get(1)));
        OwnedRange newMeta = after.metadata().get(0);
        assertNotEquals(oldMeta.base(), newMeta.base(), "the new bytemap is placed in free frames");
        assertEquals(FrameState.FREE, after.state(oldMeta.base()), "the old bytemap's frames are released");
        assertTrue(m.events(0).stream().anyMatch(e -> e.kind().equals("swap")));
    }

    @Test
    void anUnknownAllocatorIsRefusedAndNothingChanges() {
        MachineManager manager = Machines.manager();
        BootedMachine m = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        FrameAllocator before = m.frames();
        MachineException e = assertThrows(MachineException.class, () -> manager.useFrameAllocator("buddy"));
        assertEquals("no frame allocator named \"buddy\"; installed: bytemap", e.getMessage());
        assertEquals(before, m.frames());
    }

    @Test
    void swappingWithoutAMachineSaysSo() {
        MachineException e = assertThrows(MachineException.class, () -> Machines.manager().useFrameAllocator("bytemap"));
        assertEquals("no machine is booted (use boot FILE)", e.getMessage());
    }
}
