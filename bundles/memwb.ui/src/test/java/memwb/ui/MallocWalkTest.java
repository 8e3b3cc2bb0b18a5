package memwb.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import memwb.api.heap.HeapBlock;
import memwb.api.machine.MachineEvent;
import memwb.api.view.Location;
import memwb.api.vmm.Mapping;
import memwb.api.vmm.Rights;

class MallocWalkTest {
    private static final long HEAP_PAGE = 0xffff800000003000L;
    private final HeapBlock block = new HeapBlock(HEAP_PAGE, HEAP_PAGE + 16, 4128, false);
    private final Mapping leaf = new Mapping(HEAP_PAGE, 0x9000, 4096, new Rights(true, false, false, false), 1, 0x9003);

    @Test
    void aMallocThatGrewTheHeapWalksTheNotesSixStepsFromWhatHappened() {
        List<MachineEvent> during = List.of(new MachineEvent(7, 0, "pfa.alloc", 0x9000, "bytemap: frame 0x9000 for heap"),
                new MachineEvent(8, 0, "pfa.alloc", 0xa000, "bytemap: frame 0xa000 for page tables"));
        List<MallocWalk.Step> steps = MallocWalk.of("freelist", 4097, block, during, Optional.of(leaf), "bytemap");
        assertEquals(6, steps.size());
        assertEquals(List.of(MallocWalk.HEAP_VIEW, MallocWalk.PAGE_TABLES_VIEW, MallocWalk.FRAMES_VIEW, MallocWalk.HEX_VIEW,
                MallocWalk.PAGE_TABLES_VIEW, MallocWalk.HEAP_VIEW), steps.stream().map(MallocWalk.Step::viewId).toList());
        assertEquals("4/6 the PFA found a free frame: bytemap: frame 0x9000 for heap", steps.get(3).text());
        assertEquals(Location.physical(0x9000, 4096, "frame 0x9000"), steps.get(3).location());
        assertTrue(steps.get(4).text().startsWith("5/6 the VMM mapped page 0xffff800000003000 -> frame 0x9000"), steps.get(4).text());
        assertEquals(Location.Space.VIRTUAL, steps.get(5).location().space());
        assertEquals(HEAP_PAGE, steps.get(5).location().address());
    }

    @Test
    void aMallocThatFittedSaysNoPageWasNeeded() {
        List<MallocWalk.Step> steps = MallocWalk.of("tlsf", 64, block, List.of(), Optional.of(leaf), "bitmap");
        assertEquals(4, steps.size());
        assertTrue(steps.get(1).text().contains("no new page was needed"), steps.get(1).text());
    }

    @Test
    void theStepSizeIsOneByteMoreThanTheLargestFreeBlock() {
        List<HeapBlock> blocks = List.of(new HeapBlock(0, 16, 1000, true), new HeapBlock(1000, 1016, 3000, true),
                new HeapBlock(4000, 4016, 9000, false));
        assertEquals(3001, MallocWalk.sizeNeedingANewPage(blocks, 64));
        assertEquals(64, MallocWalk.sizeNeedingANewPage(List.of(), 64));
    }

    @Test
    void aChooserKeepsTheActiveNameEvenWhenItsServiceIsGone() {
        Choices c = new Choices(List.of("bytemap", "bitmap"), "buddy");
        assertEquals(List.of("buddy", "bytemap", "bitmap"), c.names());
        assertEquals(0, c.activeIndex());
        assertTrue(c.isSwap("bitmap"));
        assertTrue(!c.isSwap("buddy") && !c.isSwap("slab"), "the active one and unknown names are no swap");
        assertEquals(-1, new Choices(List.of("bytemap"), null).activeIndex());
    }
}
