package memwb.heap.tlsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import memwb.api.heap.Heap;
import memwb.api.heap.HeapMemory;
import memwb.api.heap.HeapProvider;
import memwb.api.heap.HeapState;
import memwb.api.heap.HeapState.LiveBlock;
import memwb.heap.freelist.FreeListHeapProvider;
import memwb.heap.support.testing.HeapRig;
import memwb.heap.support.testing.Patterns;

/**
 * Swaps between this heap and the real free-list heap over a real MMU, through their public API as
 * the machine does them: TLSF's small arena packs blocks one 8-byte header apart, which the free-list
 * heap adopts footerless (header only) instead of refusing. A model keeps each live block's size and
 * pattern seed; the heap is checked after every operation. (It lives here because this bundle
 * test-depends on the free-list heap; the other way round would be a cycle.) Slab slots have no
 * header at all, so the free-list heap cannot adopt them: the swaps that must succeed run TLSF with
 * slabs off, and one test shows the refusal with slots live.
 */
class TlsfSwapTest {
    private static final HeapProvider FREELIST = new FreeListHeapProvider();
    private static final Map<String, String> NO_SLABS = Map.of("slab.max", "0");

    private HeapRig rig = HeapRig.standard();
    private HeapMemory mem = rig.memory;
    /** Live payload -> {requested size, pattern seed}. */
    private final Map<Long, long[]> model = new HashMap<>();
    private long nextSeed = 1;

    @Test
    void aRealTlsfHeapIsAdoptedWithEveryBlockAndItsBytesThenEveryBlockFrees() {
        Random random = new Random(7);
        Heap tlsf = randomTlsf(random, 3000);
        HeapState state = tlsf.exportState();
        long packed = 0;
        for (int i = 1; i < state.live().size(); i++) {
            LiveBlock left = state.live().get(i - 1);
            packed += state.live().get(i).payload() - (left.payload() + left.size()) == 8 ? 1 : 0;
        }
        assertTrue(packed > state.live().size() / 2, packed + " of " + state.live().size()
                + " blocks one 8-byte header after their left neighbour: no room for a footer between them");
        Heap heap = FREELIST.create(mem, state, Map.of());
        assertEquals(List.of(), heap.check());
        for (LiveBlock b : state.live()) {
            long usable = heap.usableSize(b.payload());
            assertTrue(usable >= b.size(), String.format("0x%x: %d usable, TLSF had %d", b.payload(), usable, b.size()));
        }
        assertModel(heap);
        while (!model.isEmpty()) {
            long p = anyLive(random);
            heap.free(p);
            model.remove(p);
            assertEquals(List.of(), heap.check(), () -> String.format("after free(0x%x)", p));
        }
        assertEquals(0, heap.stats().liveBlocks());
        heap.destroy();
        assertEquals(0, rig.heapFrames(), "every frame back");
    }

    @Test
    void randomOperationsAfterAdoptingARandomTlsfHeapKeepTheHeapConsistent() {
        for (long seed = 1; seed <= 4; seed++) {
            Random random = new Random(seed);
            rig = HeapRig.standard();
            mem = rig.memory;
            model.clear();
            Heap heap = FREELIST.create(mem, randomTlsf(random, 1500).exportState(), Map.of());
            assertEquals(List.of(), heap.check(), "seed " + seed);
            for (int i = 0; i < 1500; i++) {
                String op = randomOp(heap, random);
                List<String> problems = heap.check();
                assertEquals(List.of(), problems, "seed " + seed + ", op " + i + ": " + op);
                if (i % 100 == 0) {
                    assertModel(heap);
                }
            }
            assertModel(heap);
        }
    }

    @Test
    void blocksSurviveRoundTripsTlsfToFreelistToTlsf() {
        Random random = new Random(11);
        Heap heap = randomTlsf(random, 800);
        int toFreelist = 0;
        for (int round = 0; round < 20; round++) {
            boolean onFreelist = heap.name().equals(FREELIST.name());
            heap = onFreelist ? TlsfHeap.create(mem, heap.exportState(), NO_SLABS) : FREELIST.create(mem, heap.exportState(), Map.of());
            toFreelist += onFreelist ? 0 : 1;
            Heap now = heap;
            assertEquals(List.of(), now.check(), () -> "after the swap to " + now.name());
            assertModel(heap);
            for (int i = 0; i < 200; i++) {
                randomOp(heap, random);
            }
            assertEquals(List.of(), heap.check(), "after the operations on " + heap.name());
        }
        assertEquals(10, toFreelist, "every tlsf -> freelist swap adopted, none refused");
        for (long p : new ArrayList<>(model.keySet())) {
            heap.free(p);
        }
        assertEquals(List.of(), heap.check());
        heap.destroy();
        assertEquals(0, rig.heapFrames());
    }

    /** Mostly small requests (TLSF's small arena), now and then a large one. */
    private static long size(Random random) {
        return random.nextInt(8) == 0 ? 1 + random.nextInt(6000) : 1 + random.nextInt(250);
    }

    @Test
    void aSwapToTheFreeListHeapIsRefusedWhileSlotsAreLiveAndTheTlsfHeapIsUnchanged() {
        Random random = new Random(5);
        Heap tlsf = randomTlsf(random, 3000, Map.of("slab.threshold", "0"));
        HeapState state = tlsf.exportState();
        assertTrue(tlsf.blocks().stream().anyMatch(b -> b.live() && b.kind() == memwb.api.heap.HeapBlock.Kind.SLOT), "slots are live");
        Map<Long, List<Byte>> before = mappedBytes();
        long frames = rig.freeFrames();
        memwb.api.heap.HeapException refused = org.junit.jupiter.api.Assertions.assertThrows(memwb.api.heap.HeapException.class,
                () -> FREELIST.create(mem, state, Map.of()));
        assertTrue(refused.getMessage().contains("nothing changed") && refused.getMessage().contains("slab slots"), refused.getMessage());
        assertEquals(before, mappedBytes(), "the same pages mapped, holding the same bytes");
        assertEquals(frames, rig.freeFrames());
        assertEquals(List.of(), tlsf.check());
        assertModel(tlsf);
        for (int i = 0; i < 500; i++) {
            randomOp(tlsf, random);
        }
        assertEquals(List.of(), tlsf.check(), "the TLSF heap goes on");
        assertModel(tlsf);
    }

    /** A TLSF heap with slabs off and a random history of mallocs and frees (every block in the model). */
    private Heap randomTlsf(Random random, int ops) {
        return randomTlsf(random, ops, NO_SLABS);
    }

    private Heap randomTlsf(Random random, int ops, Map<String, String> options) {
        Heap tlsf = TlsfHeap.create(mem, null, options);
        for (int i = 0; i < ops; i++) {
            if (model.isEmpty() || random.nextInt(3) > 0) {
                malloc(tlsf, size(random));
            } else {
                long p = anyLive(random);
                tlsf.free(p);
                model.remove(p);
            }
        }
        assertEquals(List.of(), tlsf.check());
        return tlsf;
    }

    /** One malloc, free or realloc on {@code heap}, kept in the model; says what it did. */
    private String randomOp(Heap heap, Random random) {
        int kind = model.isEmpty() ? 0 : random.nextInt(3);
        if (kind == 0) {
            long n = size(random);
            malloc(heap, n);
            return "malloc(" + n + ")";
        }
        long p = anyLive(random);
        long[] b = model.remove(p);
        if (kind == 1) {
            heap.free(p);
            return String.format("free(0x%x)", p);
        }
        long n = size(random);
        long q = heap.realloc(p, n);
        assertNotEquals(0, q);
        Patterns.check(mem, q, (int) Math.min(n, b[0]), b[1]); // the pattern is a stream: its prefix stays
        long seed = nextSeed++;
        Patterns.fill(mem, q, (int) n, seed);
        model.put(q, new long[] {n, seed});
        return String.format("realloc(0x%x, %d) = 0x%x", p, n, q);
    }

    private void malloc(Heap heap, long size) {
        long p = heap.malloc(size);
        assertNotEquals(0, p, "malloc(" + size + ") in a 64 MiB heap");
        long seed = nextSeed++;
        Patterns.fill(mem, p, (int) size, seed);
        model.put(p, new long[] {size, seed});
    }

    /** Every mapped page of the heap's range and its bytes. */
    private Map<Long, List<Byte>> mappedBytes() {
        Map<Long, List<Byte>> out = new HashMap<>();
        for (long page = mem.base(); page < mem.limit(); page += HeapMemory.PAGE_SIZE) {
            if (mem.isMapped(page)) {
                byte[] bytes = new byte[(int) HeapMemory.PAGE_SIZE];
                mem.read(page, bytes, 0, bytes.length);
                List<Byte> list = new ArrayList<>();
                for (byte b : bytes) {
                    list.add(b);
                }
                out.put(page, list);
            }
        }
        return out;
    }

    private long anyLive(Random random) {
        List<Long> keys = new ArrayList<>(model.keySet());
        keys.sort(null);
        return keys.get(random.nextInt(keys.size()));
    }

    private void assertModel(Heap heap) {
        for (Map.Entry<Long, long[]> e : model.entrySet()) {
            Patterns.check(mem, e.getKey(), (int) e.getValue()[0], e.getValue()[1]);
            assertTrue(heap.usableSize(e.getKey()) >= e.getValue()[0]);
        }
    }
}
