package memwb.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import memwb.api.heap.HeapBlock;
import memwb.api.machine.MachineEvent;
import memwb.api.view.Location;
import memwb.api.vmm.Mapping;

/**
 * The notes' malloc flow told as steps, from what really happened: the block malloc returned, the
 * frame allocations the machine recorded while it ran, and the mapping that now translates the
 * block. Plain data in, steps out; the toolbar walks them one click at a time.
 */
final class MallocWalk {
    static final String FRAMES_VIEW = "memwb.view.frames";
    static final String PAGE_TABLES_VIEW = "memwb.view.pagetables";
    static final String HEAP_VIEW = "memwb.view.heap";
    static final String HEX_VIEW = "memwb.view.hex";
    private static final long PAGE = 4096;

    /** One step: what the status bar says, what is selected, and which view shows it. */
    record Step(String text, Location location, String viewId) {
    }

    private MallocWalk() {
    }

    /**
     * The steps of {@code malloc(size)} on heap {@code heap} that returned {@code block}, given the
     * events recorded during the call and the leaf that maps the block's first page (if any).
     */
    static List<Step> of(String heap, long size, HeapBlock block, List<MachineEvent> during, Optional<Mapping> leaf,
            String allocator) {
        List<Step> steps = new ArrayList<>();
        long va = block.payload();
        steps.add(new Step(String.format(Locale.ROOT, "1/6 malloc(%d) is called: the %s heap looks for a free block of %d bytes",
                size, heap, size), Location.virtual(va, size, "malloc(" + size + ")"), HEAP_VIEW));
        List<MachineEvent> frames = during.stream().filter(e -> e.kind().equals("pfa.alloc")).toList();
        if (frames.isEmpty()) {
            steps.add(new Step(String.format(Locale.ROOT,
                    "2/6 a free block fitted, so no new page was needed: the VMM and the PFA were not asked (block at 0x%x)", va),
                    Location.virtual(block.header(), block.size(), "heap block"), HEAP_VIEW));
        } else {
            long pages = frames.size();
            steps.add(new Step(String.format(Locale.ROOT,
                    "2/6 no free block fits: malloc asks the VMM for %d more page(s) of heap", pages),
                    Location.virtual(va & -PAGE, PAGE, "heap page"), PAGE_TABLES_VIEW));
            MachineEvent first = frames.get(0);
            steps.add(new Step(String.format(Locale.ROOT, "3/6 the VMM asks the page frame allocator (%s) for a frame (%d frame allocation(s) in all)",
                    allocator, frames.size()), Location.physical(first.address(), PAGE, "frame request"), FRAMES_VIEW));
            steps.add(new Step("4/6 the PFA found a free frame: " + first.message(),
                    Location.physical(first.address(), PAGE, String.format(Locale.ROOT, "frame 0x%x", first.address())), HEX_VIEW));
        }
        if (leaf.isPresent()) {
            Mapping m = leaf.get();
            steps.add(new Step(String.format(Locale.ROOT, "5/6 the VMM mapped page 0x%x -> frame 0x%x (%s) in the kernel's page tables",
                    m.va(), m.pa(), m.rights()), Location.virtual(m.va(), m.size(), "heap page mapping"), PAGE_TABLES_VIEW));
        } else {
            steps.add(new Step(String.format(Locale.ROOT, "5/6 page 0x%x is not mapped (paging is off?)", va & -PAGE),
                    Location.virtual(va & -PAGE, PAGE, "heap page"), PAGE_TABLES_VIEW));
        }
        if (block.kind() == HeapBlock.Kind.SLOT) {
            steps.add(new Step(String.format(Locale.ROOT, "6/6 malloc took a free %d-byte slot of slab page 0x%x (slots have no header), returns 0x%x",
                    block.size(), va & -PAGE, va), Location.virtual(va, block.size(), "heap slot"), HEAP_VIEW));
        } else {
            steps.add(new Step(String.format(Locale.ROOT, "6/6 malloc carved %d bytes out of the page: header at 0x%x, returns 0x%x",
                    block.size(), block.header(), va), Location.virtual(block.header(), block.size(), "heap block header"), HEAP_VIEW));
        }
        return steps;
    }

    /**
     * A malloc size that cannot fit any free block now (so the heap must grow): one byte more than
     * the largest free block, at least {@code minimum}.
     */
    static long sizeNeedingANewPage(List<HeapBlock> blocks, long minimum) {
        long largest = blocks.stream().filter(HeapBlock::free).mapToLong(HeapBlock::size).max().orElse(0);
        return Math.max(minimum, largest + 1);
    }
}
