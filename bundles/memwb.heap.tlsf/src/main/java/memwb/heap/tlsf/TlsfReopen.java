package memwb.heap.tlsf;

import static memwb.heap.tlsf.TlsfHeap.FREE;
import static memwb.heap.tlsf.TlsfHeap.HEADER;
import static memwb.heap.tlsf.TlsfHeap.HOLE_MAPPED;
import static memwb.heap.tlsf.TlsfHeap.MIN_BLOCK;
import static memwb.heap.tlsf.TlsfHeap.SIZE_MASK;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import memwb.api.heap.HeapMemory;
import memwb.api.heap.HeapState;
import memwb.api.heap.HeapState.LiveBlock;

/**
 * Takes a TLSF heap back exactly as RAM holds it (a snapshot opened, or RAM that still holds this
 * heap): the control block, every list in its order, the kept holes and pages, the slab pages, all
 * read into the host copies with not a byte written, so a saved machine opens with every byte as
 * saved. Adoption would rebuild them, in another order and with the kept pages given back. Used only
 * if RAM holds a TLSF control block with the same options, its blocks and slots are
 * exactly the live blocks handed over, and the reopened heap passes {@code heap check}; otherwise the
 * caller adopts.
 */
final class TlsfReopen {
    private TlsfReopen() {
    }

    /** The heap RAM holds, or null if it is not exactly {@code state}'s with options {@code opts}. */
    static TlsfHeap reopen(HeapMemory mem, HeapState state, TlsfOptions opts) {
        long base = mem.base();
        if (!mem.isMapped(base) || mem.read64(base) != TlsfHeap.MAGIC
                || mem.read64(base + TlsfHeap.ARENA_COUNT_OFFSET) != TlsfHeap.arenaBounds(mem, opts, base + HeapMemory.CONTROL_BYTES).length - 1
                || mem.read64(base + TlsfHeap.SMALL_MAX_OFFSET) != opts.smallMax()
                || mem.read64(base + TlsfHeap.SLAB_MAX_OFFSET) != opts.slabMax()) {
            return null;
        }
        int count = (int) mem.read64(base + TlsfHeap.ARENA_COUNT_OFFSET);
        Arena[] arenas = new Arena[count];
        long start = base + HeapMemory.CONTROL_BYTES;
        for (int i = 0; i < count; i++) {
            arenas[i] = Arena.read(i, mem, start);
            Arena a = arenas[i];
            if (a.end <= a.start || a.end > mem.limit() || a.top < a.first || a.top > a.end || (a.start & (Pages.SIZE - 1)) != 0) {
                return null;
            }
            start = a.end;
        }
        TlsfHeap heap = new TlsfHeap(mem, opts, arenas);
        Set<Long> live = new HashSet<>();
        for (LiveBlock b : state.live()) {
            live.add(b.payload());
        }
        long liveBlocks = 0;
        long liveBytes = 0;
        long freeBlocks = 0;
        long freeBytes = 0;
        for (Arena a : arenas) {
            for (long h = a.first; h < a.top;) {
                if (!mem.isMapped(h)) {
                    return null;
                }
                long hdr = mem.read64(h);
                long s = hdr & SIZE_MASK;
                if (s < MIN_BLOCK || h + s > a.top) {
                    return null;
                }
                long payload = h + HEADER;
                if ((hdr & FREE) != 0) {
                    freeBlocks++;
                    freeBytes += s;
                    if ((hdr & HOLE_MAPPED) != 0) {
                        heap.retainedPages += Pages.holePages(h, s);
                    }
                } else if (live.contains(payload)) {
                    heap.live.add(payload);
                    heap.slabs.countBlock(s, 1);
                    liveBlocks++;
                    liveBytes += s - HEADER;
                } else {
                    long slots = slabPage(heap, mem, payload, s, live);
                    if (slots <= 0) {
                        return null; // an allocated block that was not handed over, or a slab page with no live slot
                    }
                    liveBytes += slots;
                }
                h += s;
            }
        }
        liveBlocks += heap.slabs.liveSlots();
        heap.slabs.readHeads();
        heap.keptHead = mem.read64(base + TlsfHeap.KEPT_HEAD_OFFSET);
        heap.keptTail = mem.read64(base + TlsfHeap.KEPT_TAIL_OFFSET);
        heap.restoreCounters(liveBlocks, liveBytes, freeBlocks, freeBytes);
        List<LiveBlock> now = heap.exportState().live();
        if (!now.equals(state.live()) || !heap.check().isEmpty()) {
            return null;
        }
        return heap;
    }

    /**
     * If the allocated block {@code (page - 8, s)} is a slab page, records it and its live slots (those
     * handed over) and returns their bytes; -1 if it is no slab page.
     */
    private static long slabPage(TlsfHeap heap, HeapMemory mem, long page, long s, Set<Long> live) {
        if ((page & (Slabs.PAGE - 1)) != 0 || s < Slabs.PAGE) {
            return -1;
        }
        long slot = Slabs.slotSizeIn(mem.read64(page + Slabs.KIND));
        if (slot == 0) {
            return -1;
        }
        int count = Slabs.slotCount(slot);
        long used = 0;
        for (int i = 0; i < count; i++) {
            long at = page + Slabs.HEADER_BYTES + i * slot;
            if (live.contains(at)) {
                heap.live.add(at);
                used++;
            }
        }
        heap.slabs.reattach((int) (slot / SizeClasses.GRANULE), page, used);
        return used * slot;
    }
}
