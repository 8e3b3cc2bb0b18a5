package memwb.machine;

import static org.junit.jupiter.api.Assertions.assertSame;

import memwb.api.heap.HeapBlock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import memwb.api.heap.Heap;
import memwb.api.heap.HeapProvider;
import memwb.api.machine.MachineException;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;
import memwb.api.vmm.Privilege;

/** The kernel heap inside a machine: placed past the kernel, grown through the VMM, swapped, saved. */
class KernelHeapTest {
    @TempDir
    Path dir;

    static long heapFrames(BootedMachine m) {
        return m.frames().exportState().runs().stream()
                .filter(r -> r.state() == FrameState.ALLOCATED && r.owner() == Owner.HEAP).mapToLong(FrameRun::count).sum();
    }

    /** Writes a recognisable pattern into each block through translation, as a kernel would. */
    static void fill(BootedMachine m, Map<Long, Integer> blocks) {
        blocks.forEach((va, size) -> {
            byte[] bytes = pattern(va, size);
            m.mmu().orElseThrow().writeVirtual(va, bytes, 0, bytes.length, Privilege.SUPERVISOR);
        });
    }

    static void assertPatterns(BootedMachine m, Map<Long, Integer> blocks, String when) {
        blocks.forEach((va, size) -> {
            byte[] got = new byte[size];
            m.mmu().orElseThrow().readVirtual(va, got, 0, size, Privilege.SUPERVISOR);
            assertArrayEquals(pattern(va, size), got, String.format("block 0x%x %s", va, when));
        });
    }

    static byte[] pattern(long va, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (va * 31 + i * 7);
        }
        return b;
    }

    @Test
    void bootGivesTheMachineTheBestRankedHeapPastTheKernelGrowingThroughTheVmm() {
        BootedMachine m = Machines.everything().boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        Heap heap = m.heap().orElseThrow();
        assertEquals("tlsf", heap.name());
        HeapLayout layout = m.heapLayout();
        // The kernel (text at -2 GiB, under 2 MiB in all) ends below -2 GiB + 2 MiB; then a 2 MiB guard.
        assertEquals(0xffffffff80200000L + HeapLayout.GUARD, layout.start());
        long before = heapFrames(m);
        long p = heap.malloc(100_000);
        assertTrue(Long.compareUnsigned(p, layout.start()) > 0 && Long.compareUnsigned(p, layout.limit(0)) < 0,
                Long.toHexString(p));
        assertTrue(heapFrames(m) >= before + 100_000 / 4096, "frames came from the allocator with owner heap");
        assertTrue(m.kernelSpace().orElseThrow().lookup(p).isPresent(), "and were mapped in the kernel space");
        assertEquals(List.of(), heap.check());
        assertTrue(m.events(0).stream().anyMatch(e -> e.kind().equals("heap") && e.message().startsWith("tlsf heap at 0x")));
    }

    @Test
    void aSpecNamesItsHeapAndAnUnknownOneIsAnErrorListingTheInstalledOnes() {
        MachineManager manager = Machines.everything();
        String msg = assertThrows(MachineException.class, () -> manager.bootSpec("{\"ram\": \"64M\", \"heap\": \"slab\"}",
                "x.json", Machines.SCENARIOS)).getMessage();
        assertTrue(msg.contains("field heap") && msg.contains("\"slab\"") && msg.contains("tlsf"), msg);
        msg = assertThrows(MachineException.class, () -> manager.bootSpec(
                "{\"ram\": \"64M\", \"heap\": \"tlsf\", \"paging\": {\"mode\": \"off\"}}", "x.json", Machines.SCENARIOS)).getMessage();
        assertTrue(msg.contains("needs paging on"), msg);
        BootedMachine m = manager.bootSpec("{\"ram\": \"64M\", \"paging\": {\"mode\": \"off\"}}", "x.json", Machines.SCENARIOS);
        assertTrue(m.heap().isEmpty(), "no kernel address space, no heap");
    }

    @Test
    void aMachineWithoutHeapsRunsWithoutOneAndStartsOneWhenItArrives() {
        Registry<HeapProvider> heaps = Services.heapRegistry();
        MachineManager manager = Machines.manager(Machines.allAllocators(), heaps);
        BootedMachine m = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        assertTrue(m.heap().isEmpty());
        assertTrue(m.events(0).stream().anyMatch(e -> e.message().contains("no heap is installed")));
        HeapProvider tlsf = new memwb.heap.tlsf.TlsfHeapProvider();
        heaps.add(tlsf, 60);
        manager.heapAdded(tlsf);
        assertEquals("tlsf", m.heap().orElseThrow().name());
    }

    @Test
    void theHeapKeepsEveryBlockThroughPagingAndAllocatorSwaps() {
        MachineManager manager = Machines.everything();
        BootedMachine m = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        Heap heap = m.heap().orElseThrow();
        Map<Long, Integer> blocks = new LinkedHashMap<>();
        for (int size : new int[] {24, 100, 4000, 70_000, 16}) {
            blocks.put(heap.malloc(size), size);
        }
        fill(m, blocks);
        manager.usePagingMode("5-level");
        assertPatterns(m, blocks, "after 4-level -> 5-level");
        manager.useFrameAllocator("buddy");
        assertPatterns(m, blocks, "after bytemap -> buddy");
        long more = m.heap().orElseThrow().malloc(200_000);
        assertNotEquals(0, more, "growth after the swaps maps pages through the new tables and allocator");
        assertEquals(List.of(), m.heap().orElseThrow().check());
    }

    @Test
    void newHeapGivesScratchHeapsApartFromTheKernelHeapAndDestroyFreesTheirRange() {
        MachineManager manager = Machines.everything();
        BootedMachine m = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        long kernelBlock = m.heap().orElseThrow().malloc(64);
        Heap a = manager.newHeap("tlsf");
        Heap b = manager.newHeap("tlsf");
        long pa = a.malloc(64);
        long pb = b.malloc(64);
        HeapLayout layout = m.heapLayout();
        assertTrue(Long.compareUnsigned(pa, layout.base(1)) >= 0 && Long.compareUnsigned(pa, layout.limit(1)) < 0);
        assertTrue(Long.compareUnsigned(pb, layout.base(2)) >= 0 && Long.compareUnsigned(pb, layout.limit(2)) < 0);
        long framesBefore = heapFrames(m);
        a.destroy();
        assertTrue(heapFrames(m) < framesBefore, "destroy gave the pages back");
        Heap c = manager.newHeap("tlsf");
        assertTrue(Long.compareUnsigned(c.malloc(64), layout.base(1)) >= 0, "the freed range is used again");
        manager.newHeap("tlsf");
        String msg = assertThrows(MachineException.class, () -> manager.newHeap("tlsf")).getMessage();
        assertTrue(msg.contains("every scratch heap range is in use"), msg);
        assertEquals(List.of(), m.heap().orElseThrow().check());
        assertTrue(m.heap().orElseThrow().usableSize(kernelBlock) >= 64);
    }

    @Test
    void slabSlotsSurviveASnapshotAndASwapAwayFromTlsfWaitsUntilTheyAreFreed() {
        MachineManager manager = Machines.everything();
        BootedMachine before = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        Heap heap = before.heap().orElseThrow();
        Map<Long, Integer> slots = new LinkedHashMap<>();
        Map<Long, Integer> large = new LinkedHashMap<>();
        for (int i = 0; i < 800; i++) {
            int size = 8 + i % 57;
            long p = heap.malloc(size);
            if (i % 5 == 0) {
                heap.free(p);
            } else {
                slots.put(p, size);
            }
            if (i % 100 == 0) {
                large.put(heap.malloc(1000 + i), 1000 + i);
            }
        }
        assertTrue(heap.blocks().stream().filter(b -> b.live() && b.kind() == HeapBlock.Kind.SLOT).count() > 200, "slots are live");
        fill(before, slots);
        fill(before, large);
        assertEquals(List.of(), heap.check());
        Path file = dir.resolve("slabs.memwb");
        manager.save(file);
        BootedMachine m = manager.open(file);
        assertArrayEquals(SnapshotTest.image(before.ram()), SnapshotTest.image(m.ram()), "no byte changed");
        Heap reopened = m.heap().orElseThrow();
        assertEquals(heap.blocks(), reopened.blocks(), "the same blocks, slots and slab metadata");
        assertEquals(heap.freeLists(), reopened.freeLists(), "the same partial lists");
        assertEquals(List.of(), reopened.check());
        assertPatterns(m, slots, "after save and open");

        String refused = assertThrows(MachineException.class, () -> manager.useHeap("freelist")).getMessage();
        assertTrue(refused.contains("cannot adopt") && refused.contains("nothing changed"), refused);
        assertSame(reopened, m.heap().orElseThrow(), "a refused swap keeps the heap");
        assertEquals(List.of(), reopened.check());
        assertPatterns(m, slots, "after the refused swap");
        for (long p : slots.keySet()) {
            reopened.free(p);
        }
        manager.useHeap("freelist");
        assertEquals("freelist", m.heap().orElseThrow().name(), "with no slot live the swap goes through");
        assertPatterns(m, large, "after tlsf -> freelist");
        assertEquals(List.of(), m.heap().orElseThrow().check());
    }

    @Test
    void aSnapshotOfABusyFreeListHeapOpensWithASoundHeapAndEveryBlock() {
        MachineManager manager = Machines.everything();
        BootedMachine before = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        manager.useHeap("freelist");
        Heap heap = before.heap().orElseThrow();
        java.util.Random random = new java.util.Random(1);
        Map<Long, Integer> blocks = new LinkedHashMap<>();
        for (int i = 0; i < 2000; i++) {
            if (blocks.isEmpty() || random.nextInt(3) > 0) {
                int size = 1 + random.nextInt(random.nextInt(8) == 0 ? 20_000 : 300);
                blocks.put(heap.malloc(size), size);
            } else {
                long p = blocks.keySet().stream().skip(random.nextInt(blocks.size())).findFirst().orElseThrow();
                heap.free(p);
                blocks.remove(p);
            }
        }
        fill(before, blocks);
        assertEquals(List.of(), heap.check());
        Path file = dir.resolve("freelist.memwb");
        manager.save(file);
        BootedMachine m = manager.open(file);
        // Several free blocks per bin: the adopted lists may be linked in another order than the saved
        // ones, and putting the saved bytes back over them once left the bin heads in RAM disagreeing
        // with the heap's.
        assertEquals(List.of(), m.heap().orElseThrow().check());
        assertEquals(heap.blocks(), m.heap().orElseThrow().blocks());
        assertPatterns(m, blocks, "after save and open");
    }

    @Test
    void aSnapshotKeepsTheHeapExactly() {
        MachineManager manager = Machines.everything();
        BootedMachine before = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        Heap heap = before.heap().orElseThrow();
        Map<Long, Integer> blocks = new LinkedHashMap<>();
        long[] freed = new long[10];
        for (int i = 0; i < 30; i++) {
            long p = heap.malloc(16 + i * 40);
            if (i % 3 == 0) {
                freed[i / 3] = p;
            } else {
                blocks.put(p, 16 + i * 40);
            }
        }
        for (long p : freed) {
            heap.free(p);
        }
        fill(before, blocks);
        Path file = dir.resolve("heap.memwb");
        manager.save(file);
        BootedMachine after = manager.open(file);
        assertArrayEquals(SnapshotTest.image(before.ram()), SnapshotTest.image(after.ram()), "no byte changed");
        Heap reopened = after.heap().orElseThrow();
        assertEquals(heap.blocks(), reopened.blocks());
        assertEquals(heap.freeLists(), reopened.freeLists());
        assertEquals(List.of(), reopened.check());
        assertPatterns(after, blocks, "after save and open");
        for (long p : blocks.keySet()) {
            reopened.free(p);
        }
        assertEquals(List.of(), reopened.check());
    }
}
