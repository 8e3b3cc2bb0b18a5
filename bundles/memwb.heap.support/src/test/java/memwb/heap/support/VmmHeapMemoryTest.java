package memwb.heap.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import memwb.api.heap.HeapException;
import memwb.api.ram.Owner;
import memwb.api.vmm.Mapping;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.TlbConfig;
import memwb.heap.support.testing.HeapRig;
import memwb.vmm.Vmms;

class VmmHeapMemoryTest {
    private static final long PAGE = HeapRig.PAGE;

    @Test
    void mappedPagesAreHeapFramesReadWriteSupervisorNoExecute() {
        HeapRig rig = HeapRig.standard();
        VmmHeapMemory mem = rig.memory;
        long free = rig.freeFrames();
        assertTrue(mem.mapPages(mem.base(), 3));
        assertEquals(3, mem.mappedPages());
        assertEquals(3, rig.heapFrames());
        assertTrue(rig.freeFrames() <= free - 3, "three data frames (and maybe tables) left the allocator");
        Mapping m = rig.kernel.lookup(mem.base() + PAGE).orElseThrow();
        assertTrue(m.rights().writable());
        assertFalse(m.rights().user());
        assertFalse(m.rights().executable());
        assertEquals(Owner.HEAP, rig.frames.owner(m.pa()));
        assertTrue(mem.isMapped(mem.base() + 2 * PAGE + 17));
        assertFalse(mem.isMapped(mem.base() + 3 * PAGE));
    }

    @Test
    void thirtyTwoBitPagingMapsExecutableBecauseItCannotSayNoExecute() {
        HeapRig rig = HeapRig.of("32-bit", 16 * HeapRig.MIB, 4 * HeapRig.MIB);
        assertTrue(rig.memory.mapPages(rig.memory.base(), 1));
        assertTrue(rig.kernel.lookup(rig.memory.base()).orElseThrow().rights().executable());
        rig.memory.write64(rig.memory.base() + 8, 0x1122334455667788L);
        assertEquals(0x1122334455667788L, rig.memory.read64(rig.memory.base() + 8));
    }

    @Test
    void wordsGoThroughTranslationToTheFrameTheVmmMapped() {
        HeapRig rig = HeapRig.standard();
        VmmHeapMemory mem = rig.memory;
        mem.mapPages(mem.base(), 2);
        long va = mem.base() + PAGE + 0x40;
        mem.write64(va, 0xdeadbeefcafef00dL);
        long pa = rig.kernel.lookup(va).orElseThrow().pa() + 0x40;
        assertEquals(0xdeadbeefcafef00dL, rig.ram.read64(pa));
        assertEquals(0xdeadbeefcafef00dL, mem.read64(va));
        assertTrue((rig.kernel.lookup(va).orElseThrow().entry() & (1L << 6)) != 0, "the write set D in the PTE");
    }

    @Test
    void bytesCrossPagesAndCopyOverlapsAsMemmove() {
        HeapRig rig = HeapRig.standard();
        VmmHeapMemory mem = rig.memory;
        mem.mapPages(mem.base(), 3);
        byte[] data = new byte[6000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 3);
        }
        long at = mem.base() + PAGE - 100;
        mem.write(at, data, 0, data.length);
        byte[] back = new byte[data.length];
        mem.read(at, back, 0, back.length);
        assertArrayEquals(data, back);

        mem.copy(at + 10, at, data.length - 10); // overlapping, destination above: must copy backwards
        mem.read(at + 10, back, 0, data.length - 10);
        for (int i = 0; i < data.length - 10; i++) {
            assertEquals(data[i], back[i], "byte " + i + " after an upward overlapping copy");
        }
        mem.write(at, data, 0, data.length);
        mem.copy(at, at + 10, data.length - 10); // destination below: forwards
        mem.read(at, back, 0, data.length - 10);
        for (int i = 0; i < data.length - 10; i++) {
            assertEquals(data[i + 10], back[i], "byte " + i + " after a downward overlapping copy");
        }
        mem.fill(at, 5000, (byte) 0x5a);
        mem.read(at, back, 0, 5001);
        for (int i = 0; i < 5000; i++) {
            assertEquals(0x5a, back[i]);
        }
        assertEquals(data[5010], back[5000], "fill stops at its length (the byte the downward copy left there)");
    }

    @Test
    void unmappedWordIsAPageFaultNamingTheAddress() {
        HeapRig rig = HeapRig.standard();
        VmmHeapMemory mem = rig.memory;
        long va = mem.base() + 5 * PAGE + 8;
        HeapException e = assertThrows(HeapException.class, () -> mem.read64(va));
        assertEquals(va, e.address());
        assertTrue(e.getMessage().contains(String.format("0x%x", va)), e.getMessage());
        assertTrue(e.getMessage().contains("#PF"), e.getMessage());
        assertThrows(HeapException.class, () -> mem.write64(va, 1));
    }

    @Test
    void misalignedOrOutOfRangeWordsAreRefusedNamingTheAddress() {
        HeapRig rig = HeapRig.standard();
        VmmHeapMemory mem = rig.memory;
        mem.mapPages(mem.base(), 1);
        for (long va : new long[] {mem.base() + 4, mem.base() - 8, mem.limit(), mem.limit() - 4, 0}) {
            HeapException e = assertThrows(HeapException.class, () -> mem.read64(va));
            assertEquals(va, e.address());
            assertTrue(e.getMessage().contains(String.format("0x%x", va)), e.getMessage());
        }
        assertThrows(HeapException.class, () -> mem.read(mem.limit() - 4, new byte[8], 0, 8));
        assertThrows(HeapException.class, () -> mem.fill(mem.base() - 1, 2, (byte) 0));
    }

    @Test
    void aFaultingBulkWriteWritesNothing() {
        HeapRig rig = HeapRig.standard();
        VmmHeapMemory mem = rig.memory;
        mem.mapPages(mem.base(), 1);
        long at = mem.base() + PAGE - 16;
        assertThrows(HeapException.class, () -> mem.write(at, new byte[32], 0, 32));
        assertThrows(HeapException.class, () -> mem.fill(at, 32, (byte) 1));
        mem.write64(at, 42);
        assertThrows(HeapException.class, () -> mem.fill(at, 32, (byte) 1));
        assertEquals(42, mem.read64(at));
    }

    @Test
    void outOfFramesReturnsFalseAndTakesNothing() {
        HeapRig rig = HeapRig.standard();
        VmmHeapMemory mem = rig.memory;
        mem.mapPages(mem.base(), 1); // the tables down to the PT exist now
        rig.leaveFreeFrames(3);
        assertFalse(mem.mapPages(mem.base() + PAGE, 5));
        assertEquals(3, rig.freeFrames());
        assertEquals(1, mem.mappedPages());
        assertFalse(mem.isMapped(mem.base() + PAGE));
        assertTrue(mem.mapPages(mem.base() + PAGE, 3));
        assertEquals(0, rig.freeFrames());
        assertEquals(4, mem.mappedPages());
    }

    @Test
    void mappingTwiceOrOutsideTheRangeIsRefusedAndChangesNothing() {
        HeapRig rig = HeapRig.standard();
        VmmHeapMemory mem = rig.memory;
        mem.mapPages(mem.base() + PAGE, 1);
        long free = rig.freeFrames();
        HeapException twice = assertThrows(HeapException.class, () -> mem.mapPages(mem.base(), 2));
        assertEquals(mem.base() + PAGE, twice.address());
        assertTrue(twice.getMessage().contains("already mapped"), twice.getMessage());
        HeapException beyond = assertThrows(HeapException.class, () -> mem.mapPages(mem.limit() - PAGE, 2));
        assertEquals(mem.limit() - PAGE, beyond.address());
        assertThrows(HeapException.class, () -> mem.mapPages(mem.base() + 1, 1));
        assertThrows(HeapException.class, () -> mem.mapPages(mem.base(), 0));
        assertEquals(free, rig.freeFrames());
        assertEquals(1, mem.mappedPages());
    }

    @Test
    void unmappingGivesFramesBackAndRefusesPagesNotMapped() {
        HeapRig rig = HeapRig.standard();
        VmmHeapMemory mem = rig.memory;
        mem.mapPages(mem.base(), 4);
        mem.unmapPages(mem.base() + 2 * PAGE, 2);
        assertEquals(2, mem.mappedPages());
        assertEquals(2, rig.heapFrames());
        HeapException e = assertThrows(HeapException.class, () -> mem.unmapPages(mem.base() + PAGE, 2));
        assertEquals(mem.base() + 2 * PAGE, e.address());
        assertEquals(2, mem.mappedPages());
        assertTrue(mem.isMapped(mem.base() + PAGE));
    }

    @Test
    void aNewRangeOverMappedPagesCountsThem() {
        HeapRig rig = HeapRig.standard();
        rig.memory.mapPages(rig.memory.base() + 7 * PAGE, 5);
        VmmHeapMemory again = new VmmHeapMemory(rig::mmu, () -> rig.kernel, rig.memory.base(), rig.memory.limit());
        assertEquals(5, again.mappedPages());
        VmmHeapMemory narrower = new VmmHeapMemory(rig::mmu, () -> rig.kernel, rig.memory.base() + 8 * PAGE,
                rig.memory.base() + 10 * PAGE);
        assertEquals(2, narrower.mappedPages());
    }

    @Test
    void everyAccessAsksTheSupplierSoASwappedMmuIsUsedAtOnce() {
        HeapRig rig = HeapRig.standard();
        AtomicReference<Mmu> current = new AtomicReference<>(rig.mmu());
        VmmHeapMemory mem = new VmmHeapMemory(current::get, () -> rig.kernel, rig.memory.base(), rig.memory.limit());
        mem.mapPages(mem.base(), 2);
        mem.write64(mem.base() + 8, 0x77);
        Mmu other = new Vmms().createMmu(rig.ram, rig.mmu().mode(), rig.mmu().registers().copy(), TlbConfig.DEFAULT);
        current.set(other);
        long hitsBefore = rig.mmu().tlbStats().hits();
        assertEquals(0x77, mem.read64(mem.base() + 8));
        mem.write64(mem.base() + PAGE, 0x99);
        assertEquals(hitsBefore, rig.mmu().tlbStats().hits(), "the old MMU is no longer asked");
        assertEquals(0x99, rig.ram.read64(rig.kernel.lookup(mem.base() + PAGE).orElseThrow().pa()));
        assertEquals(other, mem.mmu());
    }

    @Test
    void aRangeThatIsNotPageAlignedOrTooSmallIsRefused() {
        HeapRig rig = HeapRig.standard();
        long b = rig.memory.base();
        assertThrows(IllegalArgumentException.class, () -> new VmmHeapMemory(rig::mmu, () -> rig.kernel, b + 8, b + 2 * PAGE));
        assertThrows(IllegalArgumentException.class, () -> new VmmHeapMemory(rig::mmu, () -> rig.kernel, b, b));
        assertThrows(IllegalArgumentException.class, () -> new VmmHeapMemory(rig::mmu, () -> rig.kernel, b + PAGE, b));
    }
}
