package memwb.views.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class HeapSnapshotTest {
    private static final long BASE = 0xffffc90000001000L;

    @Test
    void aSnapshotHoldsTheBlocksListsCheckAndFiguresTheHeapReports() {
        FakeHeap heap = new FakeHeap(BASE, 64, -128, 32, -256);
        HeapSnapshot s = HeapSnapshot.of(heap, 42);
        assertTrue(s.heap());
        assertEquals(4, s.blocks().size());
        assertEquals(List.of(BASE + 64, BASE + 64 + 128 + 32), s.freeLists().get(0).blocks());
        assertEquals("check: ok", s.checkLine());
        assertEquals("fake heap: 2 live blocks (64 B), 2 free (384 B, largest 256 B), 4096 B mapped", s.title());
        assertEquals(42, s.version());
    }

    @Test
    void theFirstCheckProblemIsShownWithTheCountOfTheRest() {
        FakeHeap heap = new FakeHeap(BASE, 64).broken("block 0x1010: size 0 is not a multiple of 16")
                .broken("free block 0x1050 is on no list");
        assertEquals("check: block 0x1010: size 0 is not a multiple of 16 (and 1 more)",
                HeapSnapshot.of(heap, 1).checkLine());
    }

    @Test
    void withoutAMachineOrAHeapTheViewSaysWhy() {
        HeapSnapshot none = HeapSnapshot.read(null);
        assertFalse(none.heap());
        assertEquals("no machine", none.title());
        assertEquals("no heap (paging off or no heap installed)", HeapSnapshot.none(HeapSnapshot.NO_HEAP).title());
        assertTrue(HeapSnapshot.none("x").blocks().isEmpty());
    }
}
