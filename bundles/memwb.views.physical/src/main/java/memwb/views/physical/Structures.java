package memwb.views.physical;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import memwb.api.heap.HeapBlock;
import memwb.api.machine.Machine;
import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.OwnedRange;
import memwb.api.vmm.Mapping;

/**
 * Names the structure a physical byte belongs to, for the Hex view's "under the cursor" line: a GDT
 * entry, a page-table entry of the table at ..., a heap block header, allocator metadata, the kernel
 * image, or else the frame's owner and the firmware region. Built once per machine version (in the
 * background) from what the machine says; plain data, so it is tested without a machine.
 *
 * @param gdtBase      physical base of the GDT, or -1
 * @param gdtLimit     the GDTR limit
 * @param tableFrames  physical addresses of every paging structure, sorted
 * @param entrySize    bytes per paging entry (8, or 4 for 32-bit paging)
 * @param heapHeaders  heap blocks whose header bytes are at a known physical address
 */
record Structures(long gdtBase, int gdtLimit, List<OwnedRange> owned, long[] tableFrames, int entrySize,
        List<HeapHeader> heapHeaders, AllocationState frames, MemoryMap map) {
    private static final long PAGE = 4096;
    private static final int GDT_SLOT = 8;

    /** Where a heap block's header sits physically: {@code [pa, pa + length)}. */
    record HeapHeader(long pa, long length, HeapBlock block) {
    }

    /** What {@code machine} has now; model calls only, for a background thread. */
    static Structures of(Machine machine) {
        // Every space's tables: a user space's root and user-half tables are page tables too
        long[] tables = machine.spaces().stream().flatMapToLong(ns -> Arrays.stream(ns.space().tableFrames())).distinct()
                .sorted().toArray();
        int entrySize = "32-bit".equals(machine.pagingMode()) ? 4 : 8;
        List<HeapHeader> headers = new ArrayList<>();
        machine.heap().ifPresent(h -> machine.kernelSpace().ifPresent(space -> {
            for (HeapBlock b : h.blocks()) {
                if (b.kind() == HeapBlock.Kind.SLOT) {
                    continue; // no header of its own
                }
                space.lookup(b.header()).ifPresent((Mapping m) -> headers.add(
                        new HeapHeader(m.pa() + (b.header() - m.va()), b.payload() - b.header(), b)));
            }
        }));
        return new Structures(machine.gdtr().base(), machine.gdtr().limit(), machine.ownedRanges(), tables, entrySize,
                headers, machine.frames().exportState(), machine.memoryMap());
    }

    /** A short sentence naming what {@code pa} is part of. */
    String name(long pa) {
        if (gdtBase >= 0 && pa >= gdtBase && pa <= gdtBase + gdtLimit) {
            int index = (int) ((pa - gdtBase) / GDT_SLOT);
            return String.format(Locale.ROOT, "GDT entry %d (selector 0x%02x), byte %d", index, index * GDT_SLOT,
                    (pa - gdtBase) % GDT_SLOT);
        }
        long table = pa & ~(PAGE - 1);
        if (Arrays.binarySearch(tableFrames, table) >= 0) {
            long index = (pa - table) / entrySize;
            return String.format(Locale.ROOT, "page-table entry %d (0x%x) of the table at 0x%x", index, index, table);
        }
        for (HeapHeader h : heapHeaders) {
            if (pa >= h.pa() && pa < h.pa() + h.length()) {
                HeapBlock b = h.block();
                return b.kind() == HeapBlock.Kind.SLAB
                        ? String.format(Locale.ROOT, "slab page metadata at 0x%x (%d bytes: a block header, the page header or padding)",
                                b.header(), b.size())
                        : String.format(Locale.ROOT, "heap block header of the %s block at 0x%x (%d bytes)",
                                b.free() ? "free" : "used", b.payload(), b.size());
            }
        }
        for (OwnedRange o : owned) {
            if (o.contains(pa)) {
                return String.format(Locale.ROOT, "%s (%s, 0x%x-0x%x), offset 0x%x", o.label(), o.owner().label(),
                        o.base(), o.end(), pa - o.base());
            }
        }
        String region = map.regionAt(pa).map(r -> r.type().linuxName()).orElse("a hole (no RAM)");
        FrameRun run = frames == null ? null : FrameRaster.runAt(frames, pa / PAGE);
        if (run != null && run.state() == FrameState.ALLOCATED) {
            return String.format(Locale.ROOT, "a frame allocated for %s (%s memory)", run.owner().label(), region);
        }
        return run == null ? region : String.format(Locale.ROOT, "a %s frame (%s memory)",
                run.state().name().toLowerCase(Locale.ROOT), region);
    }
}
