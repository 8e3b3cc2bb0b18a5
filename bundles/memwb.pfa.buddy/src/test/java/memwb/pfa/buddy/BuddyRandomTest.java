package memwb.pfa.buddy;

import static memwb.api.pfa.FrameAllocator.FRAME_SIZE;
import static memwb.api.pfa.FrameAllocator.NO_FRAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import memwb.api.pfa.FrameException;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;
import memwb.ram.SparseMemory;

/** Random allocs and frees against a model: an owner per frame and the list of live allocations. */
class BuddyRandomTest {
    private static final int STEPS = 20_000;
    private static final Owner[] OWNERS = {Owner.HEAP, Owner.USER, Owner.PAGE_TABLES, Owner.KERNEL_DATA};

    @Test
    void randomAllocsAndFreesAgreeWithASimpleModelAndFreeingAllRestoresTheInitialBlocks() {
        for (long seed = 1; seed <= 3; seed++) {
            run(new Random(seed));
        }
    }

    private static void run(Random rnd) {
        SparseMemory ram = new SparseMemory(BuddyFrameAllocatorTest.smallPc());
        BuddyFrameAllocator pfa = BuddyFrameAllocatorTest.buddy(ram);
        int n = (int) pfa.frameCount();
        List<String> initial = BuddyFrameAllocatorTest.blocks(pfa);
        FrameState[] states = new FrameState[n];
        Owner[] owners = new Owner[n];
        for (int i = 0; i < n; i++) {
            states[i] = pfa.state(i * FRAME_SIZE);
            owners[i] = pfa.owner(i * FRAME_SIZE);
        }
        List<long[]> live = new ArrayList<>();  // {first frame, count}
        for (int step = 0; step < STEPS; step++) {
            int op = rnd.nextInt(10);
            Owner who = OWNERS[rnd.nextInt(OWNERS.length)];
            if (op < 4) {
                long pa = pfa.allocFrame(who);
                long free = countFree(states);
                if (pa == NO_FRAME) {
                    assertEquals(0, free);
                } else {
                    take(states, owners, live, pa / FRAME_SIZE, 1, who);
                }
            } else if (op < 6) {
                long count = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 70);
                long align = 1L << rnd.nextInt(7);
                long pa = pfa.allocContiguous(count, align, who);
                if (pa != NO_FRAME) {
                    assertEquals(0, pa / FRAME_SIZE % align, "aligned");
                    take(states, owners, live, pa / FRAME_SIZE, count, who);
                }
            } else if (op < 9 && !live.isEmpty()) {
                long[] a = live.remove(rnd.nextInt(live.size()));
                if (a[1] == 1 && rnd.nextBoolean()) {
                    pfa.freeFrame(a[0] * FRAME_SIZE);
                } else {
                    pfa.freeContiguous(a[0] * FRAME_SIZE, a[1]);
                }
                for (long f = a[0]; f < a[0] + a[1]; f++) {
                    states[(int) f] = FrameState.FREE;
                    owners[(int) f] = Owner.NONE;
                }
            } else {
                // A free the model says must be refused: any frame that is not the start of a live allocation.
                long f = rnd.nextInt(n);
                boolean start = live.stream().anyMatch(a -> a[0] == f && a[1] == 1);
                if (!start) {
                    long version = pfa.version();
                    assertThrows(FrameException.class, () -> pfa.freeFrame(f * FRAME_SIZE));
                    assertEquals(version, pfa.version());
                }
            }
            if (step % 1000 == 0) {
                agree(pfa, states, owners);
                headsInRamAgree(ram, pfa);
            }
        }
        agree(pfa, states, owners);
        for (long[] a : live) {
            pfa.freeContiguous(a[0] * FRAME_SIZE, a[1]);
        }
        pfa.drainHotFrames();
        assertEquals(initial, BuddyFrameAllocatorTest.blocks(pfa));
    }

    /** The list heads in RAM (after the entry bytes, 8-aligned) are the first block of each order listed. */
    private static void headsInRamAgree(SparseMemory ram, BuddyFrameAllocator pfa) {
        long heads = BuddyFrameAllocatorTest.metadataBase(pfa) + ((pfa.frameCount() + 7) & -8L);
        for (int o = 0; o < BuddyFrameAllocator.ORDERS; o++) {
            final int order = o;
            long first = pfa.freeBlocks().stream().filter(b -> b[1] == order).mapToLong(b -> b[0]).findFirst().orElse(-1);
            assertEquals(first, ram.read64(heads + 8L * o), "head of order " + o + " in RAM");
        }
    }

    private static void take(FrameState[] states, Owner[] owners, List<long[]> live, long first, long count, Owner who) {
        for (long f = first; f < first + count; f++) {
            assertEquals(FrameState.FREE, states[(int) f], String.format("frame 0x%x handed out while not free", f * FRAME_SIZE));
            states[(int) f] = FrameState.ALLOCATED;
            owners[(int) f] = who;
        }
        live.add(new long[] {first, count});
    }

    private static long countFree(FrameState[] states) {
        long free = 0;
        for (FrameState s : states) {
            free += s == FrameState.FREE ? 1 : 0;
        }
        return free;
    }

    private static void agree(BuddyFrameAllocator pfa, FrameState[] states, Owner[] owners) {
        for (int i = 0; i < states.length; i++) {
            assertEquals(states[i], pfa.state(i * FRAME_SIZE), "state of frame " + i);
            assertEquals(owners[i], pfa.owner(i * FRAME_SIZE), "owner of frame " + i);
        }
        long free = countFree(states);
        assertEquals(free, pfa.stats().free());
        assertEquals(free, pfa.hotFrames() + pfa.freeBlocks().stream().mapToLong(b -> 1L << b[1]).sum(),
                "free lists and hot frames hold every free frame");
        for (long[] b : pfa.freeBlocks()) {
            assertEquals(0, b[0] % (1L << b[1]), "naturally aligned");
            for (long f = b[0]; f < b[0] + (1L << b[1]); f++) {
                assertTrue(states[(int) f] == FrameState.FREE, "listed block frame is free");
            }
        }
    }
}
