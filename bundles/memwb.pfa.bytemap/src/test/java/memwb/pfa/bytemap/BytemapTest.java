package memwb.pfa.bytemap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;
import memwb.ram.SparseMemory;

class BytemapTest {
    private static final int ENTRIES = 203; // not a multiple of 8: exercises the head and tail loops

    @Test
    void wordScansFindTheSameEntriesAsAByteByByteScanFromEveryStartAndEnd() {
        SparseMemory ram = new SparseMemory(new MemoryMap(List.of(new MemoryRegion(0, 0x10000, RegionType.USABLE))));
        Bytemap map = new Bytemap(ram, 0x1000, ENTRIES);
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            byte[] codes = new byte[ENTRIES];
            int freePercent = random.nextInt(20); // mostly full, so words of 1s and 2s sit beside lone zeros
            for (int i = 0; i < ENTRIES; i++) {
                codes[i] = (byte) (random.nextInt(100) < freePercent ? 0 : 1 + random.nextInt(2));
            }
            ram.write(0x1000, codes, 0, ENTRIES);
            for (int from = 0; from < ENTRIES; from += 1 + random.nextInt(5)) {
                for (int to = from; to <= ENTRIES; to += 1 + random.nextInt(9)) {
                    assertEquals(naive(codes, from, to, true), map.firstFree(from, to), "firstFree " + from + ".." + to);
                    long nonFree = naive(codes, from, to, false);
                    assertEquals(nonFree < 0 ? to : nonFree, map.firstNonFree(from, to), "firstNonFree " + from + ".." + to);
                }
            }
        }
    }

    /**
     * The scans read whole words from the arrays behind RAM's chunks where RAM offers them, and through
     * read64 where it does not: a bytemap across a chunk boundary, its second chunk only partly
     * installed (so RAM offers no array for it), must scan the same as byte by byte across the seam.
     */
    @Test
    void wordScansAgreeAcrossAChunkBoundaryIntoAPartlyInstalledChunk() {
        int entries = 0x1000 + ENTRIES; // from 0xf000 over the 0x10000 boundary
        SparseMemory ram = new SparseMemory(new MemoryMap(List.of(new MemoryRegion(0, 0x18000, RegionType.USABLE))));
        Bytemap map = new Bytemap(ram, 0xf000, entries);
        Random random = new Random(11);
        for (int round = 0; round < 20; round++) {
            byte[] codes = new byte[entries];
            int freePercent = random.nextInt(3);
            for (int i = 0; i < entries; i++) {
                codes[i] = (byte) (random.nextInt(1000) < freePercent ? 0 : 1 + random.nextInt(2));
            }
            ram.write(0xf000, codes, 0, entries);
            for (int from = random.nextInt(64); from < entries; from += 1 + random.nextInt(400)) {
                for (int to = from; to <= entries; to += 1 + random.nextInt(300)) {
                    assertEquals(naive(codes, from, to, true), map.firstFree(from, to), "firstFree " + from + ".." + to);
                    long nonFree = naive(codes, from, to, false);
                    assertEquals(nonFree < 0 ? to : nonFree, map.firstNonFree(from, to), "firstNonFree " + from + ".." + to);
                }
                assertEquals(naive(codes, from, entries, true), map.firstFree(from, entries), "firstFree to the end from " + from);
            }
        }
    }

    private static long naive(byte[] codes, int from, int to, boolean wantFree) {
        for (int i = from; i < to; i++) {
            if ((codes[i] == Bytemap.FREE) == wantFree) {
                return i;
            }
        }
        return -1;
    }
}
