package memwb.views.heap;

import java.util.List;

import memwb.api.heap.FreeList;
import memwb.api.heap.Heap;
import memwb.api.heap.HeapBlock;
import memwb.api.heap.HeapStats;
import memwb.api.machine.Machine;

/**
 * The heap at one machine version: its name and description, blocks in address order, free lists,
 * the check's findings and its figures; or, with {@code heap} false, only why there is none.
 */
record HeapSnapshot(boolean heap, String title, List<HeapBlock> blocks, List<FreeList> freeLists, List<String> problems,
        HeapStats stats, long version) {
    static final String NO_HEAP = "no heap (paging off or no heap installed)";

    HeapSnapshot {
        blocks = List.copyOf(blocks);
        freeLists = List.copyOf(freeLists);
        problems = List.copyOf(problems);
    }

    /** Reads the machine's kernel heap, or says there is none. */
    static HeapSnapshot read(Machine machine) {
        if (machine == null) {
            return none("no machine");
        }
        return machine.heap().map(h -> of(h, machine.version())).orElseGet(() -> none(NO_HEAP));
    }

    /** Reads {@code heap} (blocks, lists, check and stats) as of machine {@code version}. */
    static HeapSnapshot of(Heap heap, long version) {
        HeapStats s = heap.stats();
        String title = String.format("%s heap: %d live blocks (%d B), %d free (%d B, largest %d B), %d B mapped",
                heap.name(), s.liveBlocks(), s.liveBytes(), s.freeBlocks(), s.freeBytes(), s.largestFree(),
                s.mappedBytes());
        return new HeapSnapshot(true, title, heap.blocks(), heap.freeLists(), heap.check(), s, version);
    }

    static HeapSnapshot none(String why) {
        return new HeapSnapshot(false, why, List.of(), List.of(), List.of(), null, 0);
    }

    /** "check: ok", or the first problem and how many there are. */
    String checkLine() {
        if (problems.isEmpty()) {
            return "check: ok";
        }
        return "check: " + problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
    }
}
