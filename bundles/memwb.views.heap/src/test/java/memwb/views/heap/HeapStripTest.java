package memwb.views.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.heap.HeapBlock;

import memwb.views.heap.HeapStrip.Kind;
import memwb.views.heap.HeapStrip.Segment;

class HeapStripTest {
    private static final long BASE = 0xffffc90000001000L;

    @Test
    void eachBlockIsAHeaderThenItsPayloadMarkedUsedOrFreeInAddressOrder() {
        FakeHeap heap = new FakeHeap(BASE, 64, -128, 32);
        List<Segment> s = HeapStrip.layout(heap.blocks(), 1024);
        assertEquals(List.of(
                new Segment(0, 0, 16, Kind.HEADER, 0), new Segment(0, 16, 48, Kind.USED, 0),
                new Segment(0, 64, 16, Kind.HEADER, 1), new Segment(0, 80, 112, Kind.FREE, 1),
                new Segment(0, 192, 16, Kind.HEADER, 2), new Segment(0, 208, 16, Kind.USED, 2)), s);
    }

    @Test
    void aSlabPageIsItsMetadataAsAHeaderSegmentThenHeaderlessSlotsUsedOrFree() {
        long page = BASE + 8;
        List<HeapBlock> blocks = List.of(
                new HeapBlock(BASE, page + 48, 56, false, HeapBlock.Kind.SLAB),
                new HeapBlock(page + 48, page + 48, 32, false, HeapBlock.Kind.SLOT),
                new HeapBlock(page + 80, page + 80, 32, true, HeapBlock.Kind.SLOT));
        assertEquals(List.of(
                new Segment(0, 0, 56, Kind.HEADER, 0),
                new Segment(0, 56, 32, Kind.SLOT_USED, 1),
                new Segment(0, 88, 32, Kind.SLOT_FREE, 2)), HeapStrip.layout(blocks, 1024));
        assertEquals(2, HeapStrip.blockAt(HeapStrip.layout(blocks, 1024), 0, 100), "a free slot is found by its bytes");
    }

    @Test
    void aBlockLongerThanTheRowContinuesOnTheNextRows() {
        FakeHeap heap = new FakeHeap(BASE, 32, -96);
        List<Segment> s = HeapStrip.layout(heap.blocks(), 48);
        assertEquals(List.of(
                new Segment(0, 0, 16, Kind.HEADER, 0), new Segment(0, 16, 16, Kind.USED, 0),
                new Segment(0, 32, 16, Kind.HEADER, 1), new Segment(1, 0, 48, Kind.FREE, 1),
                new Segment(2, 0, 32, Kind.FREE, 1)), s);
        long drawn = s.stream().mapToLong(Segment::length).sum();
        assertEquals(HeapStrip.span(heap.blocks()), drawn, "every byte of every block is drawn once");
    }

    @Test
    void holesBetweenArenasCollapseToAGapMarkSoTheStripShowsBlocksNotAddressSpace() {
        long farAway = BASE + (256L << 20);
        List<HeapBlock> blocks = List.of(new HeapBlock(BASE, BASE + 16, 64, false),
                new HeapBlock(farAway, farAway + 16, 32, true));
        assertEquals(96, HeapStrip.span(blocks));
        assertEquals(List.of(
                new Segment(0, 0, 16, Kind.HEADER, 0), new Segment(0, 16, 48, Kind.USED, 0),
                new Segment(0, 64, 0, Kind.GAP, 1),
                new Segment(0, 64, 16, Kind.HEADER, 1), new Segment(0, 80, 16, Kind.FREE, 1)),
                HeapStrip.layout(blocks, 1024));
        assertEquals(1, HeapStrip.blockAt(HeapStrip.layout(blocks, 1024), 0, 64), "the mark itself hides no block");
    }

    @Test
    void rowsAreAMultipleOfSixteenBytesAndHoldTheWholeSpan() {
        assertEquals(16, HeapStrip.bytesPerRow(10, 4));
        assertEquals(4096, HeapStrip.bytesPerRow(40960, 10));
        assertEquals(4112, HeapStrip.bytesPerRow(40961, 10));
        assertTrue(HeapStrip.bytesPerRow(1_000_003, 7) * 7 >= 1_000_003);
    }

    @Test
    void thePointUnderTheMouseFindsItsBlock() {
        List<Segment> s = HeapStrip.layout(new FakeHeap(BASE, 32, -96).blocks(), 48);
        assertEquals(0, HeapStrip.blockAt(s, 0, 5));
        assertEquals(1, HeapStrip.blockAt(s, 0, 40));
        assertEquals(1, HeapStrip.blockAt(s, 2, 31));
        assertEquals(-1, HeapStrip.blockAt(s, 2, 40), "past the last block");
    }

    @Test
    void noBlocksNoSegmentsAndBadGeometryIsNamed() {
        assertTrue(HeapStrip.layout(List.of(), 64).isEmpty());
        assertEquals(0, HeapStrip.span(List.of()));
        assertEquals("rows 0: need at least one",
                assertThrows(IllegalArgumentException.class, () -> HeapStrip.bytesPerRow(100, 0)).getMessage());
        assertEquals("bytesPerRow 0: need at least 1",
                assertThrows(IllegalArgumentException.class, () -> HeapStrip.layout(List.of(), 0)).getMessage());
    }
}
