package memwb.pfa.bitmap;

import static memwb.api.pfa.FrameAllocator.FRAME_SIZE;
import static memwb.api.pfa.FrameAllocator.NO_FRAME;
import static memwb.pfa.bitmap.BitmapFrameAllocatorTest.assertRamBitsMatchStates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameException;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;
import memwb.ram.SparseMemory;

/** Random operations against a model that is one FrameState and Owner per frame and a linear search. */
class BitmapModelTest {
    private static final Owner[] OWNERS = {Owner.HEAP, Owner.USER, Owner.PAGE_TABLES, Owner.KERNEL_DATA};
    private static final int STEPS = 20_000;

    @Test
    void randomAllocsAndFreesAgreeWithALinearModelFrameForFrameAndBitForBit() {
        SparseMemory ram = new SparseMemory(BitmapFrameAllocatorTest.smallPc());
        FrameAllocator pfa = BitmapFrameAllocator.create(ram, BitmapFrameAllocatorTest.KERNEL, null, null);
        int n = (int) pfa.frameCount();
        FrameState[] state = new FrameState[n];
        Owner[] owner = new Owner[n];
        for (int i = 0; i < n; i++) {
            state[i] = pfa.state(i * FRAME_SIZE);
            owner[i] = pfa.owner(i * FRAME_SIZE);
        }
        List<long[]> runs = new ArrayList<>(); // {first frame, count} still allocated
        Random random = new Random(11);
        int[] done = new int[4]; // runs taken, full (NO_FRAME) answers, frees, refused frees
        for (int step = 0; step < STEPS; step++) {
            int op = random.nextInt(10);
            Owner who = OWNERS[random.nextInt(OWNERS.length)];
            if (op < 4) {
                long expected = lowestRun(state, 1, 1);
                long pa = pfa.allocFrame(who);
                assertEquals(expected < 0 ? NO_FRAME : expected * FRAME_SIZE, pa, "allocFrame at step " + step);
                if (pa != NO_FRAME) {
                    take(state, owner, runs, expected, 1, who);
                }
                done[pa == NO_FRAME ? 1 : 0]++;
            } else if (op < 6) {
                long count = 1 + random.nextInt(random.nextBoolean() ? 8 : 600);
                long align = 1L << random.nextInt(10);
                long expected = lowestRun(state, count, align);
                long pa = pfa.allocContiguous(count, align, who);
                assertEquals(expected < 0 ? NO_FRAME : expected * FRAME_SIZE, pa,
                        "allocContiguous(" + count + ", " + align + ") at step " + step);
                if (pa != NO_FRAME) {
                    take(state, owner, runs, expected, count, who);
                }
                done[pa == NO_FRAME ? 1 : 0]++;
            } else if (op < 9 && !runs.isEmpty()) {
                long[] run = runs.remove(random.nextInt(runs.size()));
                if (run[1] == 1) {
                    pfa.freeFrame(run[0] * FRAME_SIZE);
                } else {
                    pfa.freeContiguous(run[0] * FRAME_SIZE, run[1]);
                }
                for (long i = run[0]; i < run[0] + run[1]; i++) {
                    state[(int) i] = FrameState.FREE;
                    owner[(int) i] = Owner.NONE;
                }
                done[2]++;
            } else {
                long i = random.nextInt(n);
                if (state[(int) i] != FrameState.ALLOCATED) {
                    long version = pfa.version();
                    assertThrows(FrameException.class, () -> pfa.freeFrame(i * FRAME_SIZE), "free of frame " + i);
                    assertEquals(version, pfa.version());
                    done[3]++;
                }
            }
            if (step % 2000 == 0) {
                assertMatches(pfa, state, owner);
                assertRamBitsMatchStates(ram, pfa);
            }
        }
        assertMatches(pfa, state, owner);
        assertRamBitsMatchStates(ram, pfa);
        for (int k = 0; k < done.length; k++) {
            assertTrue(done[k] > STEPS / 100, "every kind of step happened often: " + java.util.Arrays.toString(done));
        }
    }

    private static void take(FrameState[] state, Owner[] owner, List<long[]> runs, long first, long count, Owner who) {
        for (long i = first; i < first + count; i++) {
            state[(int) i] = FrameState.ALLOCATED;
            owner[(int) i] = who;
        }
        runs.add(new long[] {first, count});
    }

    /** The lowest aligned run of {@code count} free frames, by brute force, or -1. */
    private static long lowestRun(FrameState[] state, long count, long align) {
        for (long i = 0; i + count <= state.length; i += align) {
            long k = 0;
            while (k < count && state[(int) (i + k)] == FrameState.FREE) {
                k++;
            }
            if (k == count) {
                return i;
            }
        }
        return -1;
    }

    private static void assertMatches(FrameAllocator pfa, FrameState[] state, Owner[] owner) {
        long free = 0;
        for (int i = 0; i < state.length; i++) {
            assertEquals(state[i], pfa.state(i * FRAME_SIZE), "state of frame " + i);
            assertEquals(owner[i], pfa.owner(i * FRAME_SIZE), "owner of frame " + i);
            free += state[i] == FrameState.FREE ? 1 : 0;
        }
        assertEquals(free, pfa.stats().free());
    }
}
