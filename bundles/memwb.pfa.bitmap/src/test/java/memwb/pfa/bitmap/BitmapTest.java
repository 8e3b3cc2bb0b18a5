package memwb.pfa.bitmap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;
import memwb.ram.SparseMemory;

class BitmapTest {
    /** Not a multiple of 64, and over two summary longs (4096 frames each): every edge is crossed. */
    private static final int FRAMES = 9001;
    private static final long BASE = 0x1000;

    @Test
    void wordAndSummaryScansFindTheSameFramesAsABitByBitScan() {
        SparseMemory ram = new SparseMemory(new MemoryMap(List.of(new MemoryRegion(0, 0x10000, RegionType.USABLE))));
        Bitmap map = new Bitmap(ram, BASE, FRAMES);
        Random random = new Random(7);
        for (int round = 0; round < 40; round++) {
            boolean[] free = new boolean[FRAMES];
            // Often nearly full (whole words set) or nearly empty (whole words free).
            int freePerMille = round % 4 == 0 ? 1 : round % 4 == 1 ? 995 : random.nextInt(300);
            for (int i = 0; i < FRAMES; i++) {
                free[i] = random.nextInt(1000) < freePerMille;
            }
            map.writeInitial(free);
            // Then change ranges through setRange, so the summary is kept in step by writes too.
            for (int k = 0; k < 20; k++) {
                int from = random.nextInt(FRAMES);
                int to = Math.min(FRAMES, from + random.nextInt(200));
                boolean notFree = random.nextBoolean();
                map.setRange(from, to, notFree);
                for (int i = from; i < to; i++) {
                    free[i] = !notFree;
                }
            }
            for (int i = 0; i < FRAMES; i++) {
                assertEquals(!free[i], map.isSet(i), "bit " + i);
            }
            for (int from = 0; from <= FRAMES; from += 1 + random.nextInt(97)) {
                assertEquals(naiveFree(free, from), map.firstFree(from), "firstFree from " + from);
                int to = Math.min(FRAMES, from + random.nextInt(300));
                long nonFree = naiveNonFree(free, from, to);
                assertEquals(nonFree, map.firstNonFree(from, to), "firstNonFree " + from + ".." + to);
            }
            for (int w = 0; w <= map.words(); w += 1 + random.nextInt(9)) {
                assertEquals(naiveEmptyWord(free, w), map.firstEmptyWord(w), "firstEmptyWord from " + w);
            }
            assertEquals(naiveLargest(free), map.largestFreeRun());
        }
    }

    @Test
    void paddingBitsPastTheLastFrameAreSetInRam() {
        SparseMemory ram = new SparseMemory(new MemoryMap(List.of(new MemoryRegion(0, 0x10000, RegionType.USABLE))));
        Bitmap map = new Bitmap(ram, BASE, 70);
        boolean[] allFree = new boolean[70];
        Arrays.fill(allFree, true);
        map.writeInitial(allFree);
        assertEquals(0L, ram.read64(BASE));
        assertEquals(-1L << 6, ram.read64(BASE + 8), "frames 64-69 free, bits 70-127 padding");
        assertEquals(-1, map.firstFree(70));
        assertEquals(64 + 6, map.largestFreeRun());
    }

    private static long naiveFree(boolean[] free, int from) {
        for (int i = from; i < free.length; i++) {
            if (free[i]) {
                return i;
            }
        }
        return -1;
    }

    private static long naiveNonFree(boolean[] free, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!free[i]) {
                return i;
            }
        }
        return to;
    }

    /** The first word from {@code w} whose 64 frames exist and are free, or -1. */
    private static long naiveEmptyWord(boolean[] free, int w) {
        for (int word = w; (word + 1) * 64 <= free.length; word++) {
            boolean empty = true;
            for (int b = 0; b < 64; b++) {
                empty &= free[word * 64 + b];
            }
            if (empty) {
                return word;
            }
        }
        return -1;
    }

    private static long naiveLargest(boolean[] free) {
        long largest = 0;
        long run = 0;
        for (boolean f : free) {
            run = f ? run + 1 : 0;
            largest = Math.max(largest, run);
        }
        return largest;
    }
}
