package memwb.ram;

import static memwb.api.ram.PhysicalMemory.CHUNK_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;

/** What a big, mostly untouched machine costs in Java heap. */
class SparseMemoryHeapTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final long RAM_BYTES = 4 * GIB;
    private static final long TOUCHED_BYTES = 64 * MIB;
    private static final long BUDGET_BYTES = 100 * MIB;

    @Test
    void aFourGibMachineWithSixtyFourMibTouchedCostsWellUnderOneHundredMibOfHeap() {
        MemoryMap map = new MemoryMap(List.of(
                new MemoryRegion(0, 0x9f000, RegionType.USABLE),
                new MemoryRegion(0x9f000, 0x61000, RegionType.RESERVED),
                new MemoryRegion(0x100000, RAM_BYTES - 0x100000, RegionType.USABLE)));
        long before = heapUsedAfterGc();
        SparseMemory ram = new SparseMemory(map);
        long chunks = TOUCHED_BYTES / CHUNK_SIZE;
        long stride = (RAM_BYTES / CHUNK_SIZE / chunks) * CHUNK_SIZE; // spread over all 4 GiB
        for (long i = 0; i < chunks; i++) {
            ram.write64(i * stride + 8, i);
        }
        long after = heapUsedAfterGc();
        Reference.reachabilityFence(ram);

        long computed = ram.retainedHeapBytes();
        long measured = after - before;
        System.out.printf("[heap] 4 GiB RAM, %d MiB touched in %d chunks: computed %.2f MiB retained, "
                + "MemoryMXBean after GC %.2f MiB%n", TOUCHED_BYTES / MIB, chunks, computed / (double) MIB,
                measured / (double) MIB);
        assertEquals(TOUCHED_BYTES, ram.touchedBytes());
        assertTrue(computed >= TOUCHED_BYTES && computed < TOUCHED_BYTES + 2 * MIB,
                "bookkeeping beyond the data stays under 2 MiB: " + computed);
        assertTrue(measured < BUDGET_BYTES, "measured heap " + measured);
        assertTrue(measured > TOUCHED_BYTES / 2, "the measurement sees the data at all: " + measured);
    }

    private static long heapUsedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
