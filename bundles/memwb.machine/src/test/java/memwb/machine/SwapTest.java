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
    void whenTheActiveAllocatorsBundleGoesTheMachineFallsBackKeepingEveryFrame() {
        Registry<memwb.api.pfa.FrameAllocatorProvider> allocators = Services.allocatorRegistry();
        memwb.pfa.bytemap.BytemapProvider first = new memwb.pfa.bytemap.BytemapProvider();
        memwb.pfa.bytemap.BytemapProvider second = new memwb.pfa.bytemap.BytemapProvider();
        allocators.add(first, 100);
        MachineManager manager = Machines.manager(allocators);
        BootedMachine m = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        long pa = m.frames().allocFrame(Owner.HEAP);
        allocators.add(second, 50);

        allocators.remove(first); // as DS does when the bundle stops, before telling the machine
        manager.allocatorRemoved(first);
        assertEquals(second, m.provider(), "migrated to the one left");
        assertEquals(Owner.HEAP, m.frames().owner(pa));
        assertTrue(m.events(0).stream().anyMatch(e -> e.kind().equals("swap")));

        allocators.remove(second);
        manager.allocatorRemoved(second);
        assertEquals(second, m.provider(), "nothing left to fall back to: the state stays");
        assertTrue(m.events(0).stream().anyMatch(e -> e.message().contains("no other frame allocator is installed")));
        m.frames().freeFrame(pa);
    }

    @Test
    void swappingWithoutAMachineSaysSo() {
        MachineException e = assertThrows(MachineException.class, () -> Machines.manager().useFrameAllocator("bytemap"));
        assertEquals("no machine is booted (use boot FILE)", e.getMessage());
    }
}
