package memwb.heap.tlsf;

import static memwb.heap.tlsf.TlsfHeapTest.assertSound;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import memwb.api.heap.HeapBlock;
import memwb.api.heap.HeapException;
import memwb.api.heap.HeapMemory;
import memwb.api.heap.HeapStats;

/** Slab pages: header-less slots for small requests, their bytes in RAM, misuse, realloc, adoption. */
class SlabTest {
    private final HostHeapMemory mem = TlsfHeapTest.memory();

    private TlsfHeap heap(String... options) {
        Map<String, String> map = new java.util.HashMap<>(Map.of("keep.pages", "0"));
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return TlsfHeap.create(mem, null, map);
    }

    @Test
    void aClassGetsSlotsOnlyOnceItHasThresholdLiveBlocksThenSlotsSitSideBySide() {
        TlsfHeap heap = heap("slab.threshold", "8");
        List<Long> p = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            p.add(heap.malloc(32));
            assertSound(heap);
        }
        for (int i = 0; i < 8; i++) {
            assertEquals(40, heap.usableSize(p.get(i)), "block " + i + ": a TLSF block (8-byte header, 40 usable)");
        }
        long page = p.get(8) & -Slabs.PAGE;
        for (int i = 8; i < 20; i++) {
            assertEquals(32, heap.usableSize(p.get(i)), "block " + i + ": a slot");
            assertEquals(page + Slabs.HEADER_BYTES + (i - 8) * 32L, p.get(i), "slots are 32 bytes apart, no header between");
        }
        assertEquals(0, (page - HeapMemory.CONTROL_BYTES) % Slabs.PAGE);
        // The page header in RAM: magic and slot size, live slots, first free slot, no partial neighbours.
        assertEquals(32L << 32 | Slabs.MAGIC, mem.read64(page));
        assertEquals(12, mem.read64(page + Slabs.USED));
        assertEquals(p.get(19) + 32, mem.read64(page + Slabs.FREE_HEAD));
        assertEquals(p.get(19) + 64, mem.read64(p.get(19) + 32), "a free slot links the next one");
        assertEquals(page, mem.read64(mem.base() + Slabs.HEADS_OFFSET + 8), "the 32-byte class's partial list in the control block");
        HeapStats stats = heap.stats();
        assertEquals(20, stats.liveBlocks());
        assertEquals(8 * 40 + 12 * 32, stats.liveBytes());
    }

    @Test
    void blocksShowTheSlabPageAsItsHeaderItsSlotsAndItsTailContiguously() {
        TlsfHeap heap = heap("slab.threshold", "0");
        long a = heap.malloc(16);
        long b = heap.malloc(10);
        heap.free(a);
        long page = b & -Slabs.PAGE;
        List<HeapBlock> pieces = heap.blocks().stream().filter(x -> x.header() >= page - 8 && x.end() <= page + Slabs.PAGE).toList();
        assertEquals(new HeapBlock(page - 8, page + 48, 56, false, HeapBlock.Kind.SLAB), pieces.get(0));
        assertEquals(new HeapBlock(page + 48, page + 48, 16, true, HeapBlock.Kind.SLOT), pieces.get(1), "a freed slot");
        assertEquals(new HeapBlock(page + 64, page + 64, 16, false, HeapBlock.Kind.SLOT), pieces.get(2));
        assertEquals(2 + 252, pieces.size(), "header, 252 slots of 16 bytes, the 8-byte tail");
        assertEquals(new HeapBlock(page + 4080, page + 4088, 8, false, HeapBlock.Kind.SLAB), pieces.get(pieces.size() - 1));
        for (int i = 1; i < pieces.size(); i++) {
            assertEquals(pieces.get(i - 1).end(), pieces.get(i).header());
        }
        assertEquals(List.of(new memwb.api.heap.HeapState.LiveBlock(b, 16)), heap.exportState().live());
        assertTrue(heap.freeLists().stream().anyMatch(f -> f.name().startsWith("slab 16-byte") && f.blocks().equals(List.of(page))));
    }

    @Test
    void slotMisuseIsRefusedNamingTheAddressAndChangesNothing() {
        TlsfHeap heap = heap("slab.threshold", "0");
        long a = heap.malloc(32);
        long b = heap.malloc(32);
        long page = a & -Slabs.PAGE;
        heap.free(a);
        HeapStats before = heap.stats();
        HeapException twice = assertThrows(HeapException.class, () -> heap.free(a));
        assertEquals(a, twice.address());
        assertTrue(twice.getMessage().contains("32-byte slot is already free"), twice.getMessage());
        for (long bad : new long[] {b + 16, page, page + 16, page + 32}) {
            HeapException e = assertThrows(HeapException.class, () -> heap.free(bad));
            assertEquals(bad, e.address());
            assertTrue(e.getMessage().contains("not a slot start") && e.getMessage().contains(TlsfHeap.hex(page)), e.getMessage());
        }
        assertThrows(HeapException.class, () -> heap.realloc(a, 8), "realloc of a freed slot");
        assertThrows(HeapException.class, () -> heap.usableSize(page + 48 + 64));
        assertEquals(before, heap.stats());
        assertSound(heap);
        heap.free(b);
        assertSound(heap);
    }

    @Test
    void reallocStaysInItsSlotWhileItFitsAndMovesWithItsBytesWhenItGrows() {
        TlsfHeap heap = heap("slab.threshold", "0");
        long p = heap.malloc(40);
        assertEquals(48, heap.usableSize(p));
        byte[] data = new byte[40];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i + 1);
        }
        mem.write(p, data, 0, 40);
        assertEquals(p, heap.realloc(p, 48));
        assertEquals(p, heap.realloc(p, 3), "shrinking keeps the slot");
        long q = heap.realloc(p, 64);
        assertNotEquals(p, q);
        assertEquals(64, heap.usableSize(q), "a 64-byte slot now");
        byte[] back = new byte[40];
        mem.read(q, back, 0, 40);
        assertTrue(java.util.Arrays.equals(data, back), "the bytes moved with it");
        assertThrows(HeapException.class, () -> heap.free(p), "the old slot is free");
        long r = heap.realloc(q, 5000);
        assertTrue(heap.usableSize(r) >= 5000);
        assertFalse(heap.slabs.isSlot(r));
        mem.read(r, back, 0, 40);
        assertTrue(java.util.Arrays.equals(data, back));
        assertSound(heap);
        assertEquals(0, heap.realloc(r, 0));
        assertEquals(0, heap.stats().liveBlocks());
        assertSound(heap);
    }

    @Test
    void thePageGoesBackToTlsfWhenItsLastSlotIsFreed() {
        TlsfHeap heap = heap("slab.threshold", "0");
        List<Long> p = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            p.add(heap.malloc(16)); // 252 fill the first page, 48 open a second
        }
        assertEquals(2, heap.slabs.pageCount());
        assertSound(heap);
        long full = p.get(0) & -Slabs.PAGE;
        assertEquals(0, mem.read64(full + Slabs.FREE_HEAD), "the first page is full");
        heap.free(p.get(100));
        assertEquals(p.get(100), mem.read64(full + Slabs.FREE_HEAD));
        assertSound(heap);
        assertEquals(p.get(100), heap.malloc(16), "its free slot is used again");
        for (long x : p) {
            heap.free(x);
            assertSound(heap);
        }
        assertEquals(0, heap.slabs.pageCount());
        assertEquals(1, mem.mappedPages(), "every page back but the control page");
        assertNotEquals(Slabs.MAGIC, mem.isMapped(full) ? mem.read64(full) & 0xffff_ffffL : 0);
    }

    @Test
    void callocZeroesARecycledSlotAndAlignedRequestsAboveSixteenBytesAreBlocks() {
        TlsfHeap heap = heap("slab.threshold", "0");
        long a = heap.malloc(32);
        mem.fill(a, 32, (byte) 0x5a);
        long keep = heap.malloc(32);
        heap.free(a);
        long c = heap.calloc(4, 8);
        assertEquals(a, c);
        byte[] zeroed = new byte[32];
        mem.read(c, zeroed, 0, 32);
        assertTrue(java.util.Arrays.equals(new byte[32], zeroed));
        long aligned = heap.alignedAlloc(64, 16);
        assertEquals(0, aligned % 64);
        assertFalse(heap.slabs.isSlot(aligned));
        assertTrue(heap.slabs.isSlot(heap.alignedAlloc(16, 16)));
        heap.free(keep);
        assertSound(heap);
    }

    @Test
    void withSlabMaxZeroEveryRequestIsATlsfBlock() {
        TlsfHeap heap = heap("slab.max", "0", "slab.threshold", "0");
        for (int i = 0; i < 200; i++) {
            assertFalse(heap.slabs.isSlot(heap.malloc(16)));
        }
        assertEquals(0, heap.slabs.pageCount());
        assertTrue(heap.describe().contains("0 slab page(s)"), heap.describe());
    }

    @Test
    void thePartialListHeadsFitInTheControlBlockBelowTheFirstHeader() {
        assertTrue(Slabs.CONTROL_END <= HeapMemory.CONTROL_BLOCK_MAX, Slabs.CONTROL_END + " bytes");
        TlsfHeap heap = heap();
        assertTrue(heap.describe().contains("control block: " + TlsfHeap.hex(mem.base()) + " (" + Slabs.CONTROL_END + " bytes"),
                heap.describe());
    }

    @Test
    void badSlabOptionsAreRefusedByName() {
        for (String[] bad : new String[][] {{"slab.max", "70"}, {"slab.max", "512"}, {"slab.max", "-16"}, {"slab.threshold", "-1"},
                {"slab.threshold", "many"}}) {
            HeapException e = assertThrows(HeapException.class, () -> TlsfHeap.create(mem, null, Map.of(bad[0], bad[1])));
            assertTrue(e.getMessage().contains(bad[0] + "=" + bad[1]), e.getMessage());
        }
        assertEquals(0, mem.mappedPages(), "nothing mapped");
    }

    @Test
    void theCheckNamesACorruptSlabPage() {
        TlsfHeap heap = heap("slab.threshold", "0");
        long a = heap.malloc(48);
        long b = heap.malloc(48);
        long page = a & -Slabs.PAGE;
        mem.write64(page + Slabs.USED, 5);
        assertTrue(heap.check().get(0).startsWith("slab page " + TlsfHeap.hex(page) + ": 5 live slots in its header, 2 handed out"),
                heap.check().toString());
        mem.write64(page + Slabs.USED, 2);
        assertSound(heap);
        long freeSlot = mem.read64(page + Slabs.FREE_HEAD);
        mem.write64(freeSlot, a); // a free slot linking a live one
        assertTrue(heap.check().get(0).contains("free-slot chain links " + TlsfHeap.hex(a)), heap.check().toString());
        mem.write64(freeSlot, freeSlot + 48);
        assertSound(heap);
        mem.write64(page, 48L << 32 | 0x1234);
        assertTrue(heap.check().get(0).contains("bad page header"), heap.check().toString());
        mem.write64(page, 48L << 32 | Slabs.MAGIC);
        heap.free(a);
        heap.free(b);
        assertSound(heap);
    }

    @Test
    void aHeapReopensFromItsOwnRamWithNotAByteWrittenKeptPagesAndListOrdersIncluded() {
        TlsfHeap heap = TlsfHeap.create(mem, null, Map.of());
        for (int i = 0; i < 800; i++) {
            long p = heap.malloc(8 + i % 57);
            if (i % 5 == 0) {
                heap.free(p);
            }
            if (i % 100 == 0) {
                heap.malloc(1000 + i);
            }
        }
        for (int i = 0; i < 40; i++) {
            heap.free(heap.malloc(3000 + 100 * i)); // kept holes and pages past the tops
        }
        assertSound(heap);
        Map<Long, Long> before = words();
        TlsfHeap reopened = TlsfHeap.create(mem, heap.exportState(), Map.of());
        assertSound(reopened);
        assertEquals(before, words(), "not a word of the heap written");
        assertEquals(heap.blocks(), reopened.blocks());
        assertEquals(heap.freeLists(), reopened.freeLists(), "every list in its order");
        assertEquals(heap.describe(), reopened.describe(), "the same arenas, kept pages and slab pages");
        assertEquals(heap.stats().liveBytes(), reopened.stats().liveBytes());
        assertEquals(heap.stats().freeBytes(), reopened.stats().freeBytes());
        long p = reopened.malloc(40);
        assertTrue(reopened.slabs.isSlot(p));
        reopened.free(p);
        assertSound(reopened);
    }

    @Test
    void aStateThatIsNotWhatRamHoldsIsAdoptedInstead() {
        TlsfHeap heap = heap();
        long a = heap.malloc(100);
        long b = heap.malloc(200);
        var onlyA = new memwb.api.heap.HeapState("tlsf", List.of(new memwb.api.heap.HeapState.LiveBlock(a, 104)));
        TlsfHeap adopted = TlsfHeap.create(mem, onlyA, Map.of("keep.pages", "0"));
        assertSound(adopted);
        assertEquals(List.of(a), adopted.blocks().stream().filter(HeapBlock::live).map(HeapBlock::payload).toList(),
                "b was not handed over: its block is free space now");
        assertThrows(HeapException.class, () -> adopted.free(b));
    }

    /** Every mapped word of the heap's range. */
    private Map<Long, Long> words() {
        Map<Long, Long> out = new java.util.HashMap<>();
        for (long page = mem.base(); page < mem.limit(); page += HeapMemory.PAGE_SIZE) {
            if (mem.isMapped(page)) {
                for (long w = page; w < page + HeapMemory.PAGE_SIZE; w += 8) {
                    out.put(w, mem.read64(w));
                }
            }
        }
        return out;
    }

    @Test
    void anotherTlsfHeapAdoptsTheSlabPagesWithEverySlotAndItsBytes() {
        TlsfHeap heap = heap("slab.threshold", "0");
        List<Long> p = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            long size = 1 + (i * 37) % 64;
            long x = i % 7 == 0 ? heap.malloc(100 + i) : heap.malloc(size);
            mem.fill(x, size, (byte) i);
            p.add(x);
        }
        for (int i = 0; i < p.size(); i += 3) {
            heap.free(p.get(i));
        }
        assertSound(heap);
        long pages = heap.slabs.pageCount();
        var state = heap.exportState();
        List<memwb.api.heap.FreeList> partial = heap.freeLists().stream().filter(f -> f.name().startsWith("slab")).toList();
        // Other options than the heap in RAM has: adopted, not reopened.
        TlsfHeap adopted = TlsfHeap.create(mem, state, Map.of("keep.pages", "0", "small.max", "128"));
        assertTrue(adopted.describe().contains("small.max=128"));
        assertSound(adopted);
        assertEquals(pages, adopted.slabs.pageCount(), "every slab page adopted as one");
        assertEquals(state, adopted.exportState(), "the same live blocks and slots, the same sizes");
        assertEquals(partial, adopted.freeLists().stream().filter(f -> f.name().startsWith("slab")).toList(),
                "the partial lists in the order the control block in RAM had them");
        for (int i = 0; i < p.size(); i++) {
            if (i % 3 != 0) {
                int size = (int) (1 + (i * 37) % 64);
                byte[] bytes = new byte[size];
                mem.read(p.get(i), bytes, 0, size);
                byte[] expected = new byte[size];
                java.util.Arrays.fill(expected, (byte) i);
                assertTrue(java.util.Arrays.equals(expected, bytes), "block " + i);
            }
        }
        long again = adopted.malloc(20); // the partial lists were rebuilt: a free slot of the 32-byte class
        assertTrue(adopted.slabs.isSlot(again));
        assertSound(adopted);
        adopted.free(again);
        for (int i = 0; i < p.size(); i++) {
            if (i % 3 != 0) {
                adopted.free(p.get(i));
            }
        }
        assertSound(adopted);
        assertEquals(1, mem.mappedPages());
    }
}
