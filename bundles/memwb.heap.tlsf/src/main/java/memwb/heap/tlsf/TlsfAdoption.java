package memwb.heap.tlsf;

import static memwb.heap.tlsf.TlsfHeap.FREE;
import static memwb.heap.tlsf.TlsfHeap.HEADER;
import static memwb.heap.tlsf.TlsfHeap.MIN_BLOCK;
import static memwb.heap.tlsf.TlsfHeap.PREV_FREE;
import static memwb.heap.tlsf.TlsfHeap.hex;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import memwb.api.heap.HeapException;
import memwb.api.heap.HeapMemory;
import memwb.api.heap.HeapState;
import memwb.api.heap.HeapState.LiveBlock;

/**
 * Takes over another heap's live blocks (hot swap, snapshot): each keeps its payload address and
 * bytes; a TLSF header goes in the 8 bytes before it, a gap of less than a minimal block after a
 * block is added to that block, larger gaps become free blocks, and the pages are made to match
 * TLSF's rule (free interiors and everything past each top unmapped). Live blocks that are the
 * slots of a slab page (a page whose header in RAM says SLAB with their size, every one of them on a
 * slot start) are adopted as that slab page: one page-aligned block, its header and free chain
 * rewritten. Everything is validated and planned before the first byte is written; a block that
 * cannot be adopted is named and nothing changes.
 */
final class TlsfAdoption {
    /** A planned block: header and size, and whether it is free. */
    private record Planned(long h, long size, boolean free) {
    }

    private TlsfAdoption() {
    }

    /** Slab pages found among the live blocks: page to its class and live slot numbers. */
    private record SlabPage(long page, int sizeClass, BitSet slots) {
    }

    static TlsfHeap adopt(HeapMemory mem, HeapState state, TlsfOptions opts) {
        List<SlabPage> slabPages = new ArrayList<>();
        List<LiveBlock> live = withSlabPages(mem, state.live(), slabPages);
        long blocksFrom = mem.base() + HeapMemory.CONTROL_BYTES;
        long prevEnd = blocksFrom - HEADER;
        for (LiveBlock b : live) {
            long p = b.payload();
            String what = "tlsf: cannot adopt block " + hex(p) + " from " + state.from() + ": ";
            if ((p & (SizeClasses.GRANULE - 1)) != 0) {
                throw new HeapException(p, what + "its payload is not 16-byte aligned");
            }
            if (b.size() < 0 || p < blocksFrom || p + b.size() > mem.limit()) {
                throw new HeapException(p, what + "it is not inside the heap's blocks " + hex(blocksFrom) + "-" + hex(mem.limit()));
            }
            if (p - HEADER < prevEnd) {
                throw new HeapException(p, what + "its header at " + hex(p - HEADER) + " would overlap the block before it (ending at "
                        + hex(prevEnd) + "), or the blocks are not in ascending order");
            }
            for (long page = Pages.down(p - HEADER); page < p + b.size(); page += Pages.SIZE) {
                if (!mem.isMapped(page)) {
                    throw new HeapException(p, what + "its page " + hex(page) + " is not mapped");
                }
            }
            prevEnd = p - HEADER + minBlock(b.size());
        }
        long[] bounds = splitAroundBlocks(mem, opts, live);
        int count = bounds.length - 1;
        List<List<Planned>> plans = new ArrayList<>();
        long[] firsts = new long[count];
        long[] tops = new long[count];
        int next = 0;
        for (int i = 0; i < count; i++) {
            List<Planned> plan = new ArrayList<>();
            long first = TlsfHeap.firstHeader(bounds, i);
            long cursor = first;
            for (; next < live.size() && live.get(next).payload() < bounds[i + 1]; next++) {
                LiveBlock b = live.get(next);
                long h = b.payload() - HEADER;
                long end = h + minBlock(b.size());
                if (end > bounds[i + 1]) {
                    throw new HeapException(b.payload(), "tlsf: cannot adopt block " + hex(b.payload()) + ": it ends past the arena end "
                            + hex(bounds[i + 1]));
                }
                long gap = h - cursor;
                if (plan.isEmpty() && gap < MIN_BLOCK) {
                    first = h; // a sliver before the first block stays outside any block
                } else if (gap >= MIN_BLOCK) {
                    plan.add(new Planned(cursor, gap, true));
                } else if (gap > 0) {
                    Planned last = plan.remove(plan.size() - 1);
                    plan.add(new Planned(last.h(), last.size() + gap, false));
                }
                plan.add(new Planned(h, end - h, false));
                cursor = end;
            }
            plans.add(plan);
            firsts[i] = first;
            tops[i] = plan.isEmpty() ? first : cursor;
        }
        List<long[]> wanted = wantedPages(mem, plans, bounds, firsts, tops);
        List<long[]> toMap = new ArrayList<>();
        List<long[]> toUnmap = new ArrayList<>();
        diffPages(mem, wanted, toMap, toUnmap);
        List<long[]> mapped = new ArrayList<>();
        for (long[] run : toMap) {
            if (!Pages.map(mem, run[0], run[1])) {
                for (long[] undo : mapped) {
                    Pages.unmap(mem, undo[0], undo[1]);
                }
                throw new HeapException(run[0], "tlsf: no frames to map " + hex(run[0]) + "-" + hex(run[1]) + " for adopted blocks");
            }
            mapped.add(run);
        }
        // Past this point nothing can fail: write the control block and the headers.
        List<Long> partialOrder = oldPartialOrder(mem, slabPages);
        TlsfHeap.writeControl(mem, opts, count);
        Arena[] arenas = new Arena[count];
        long liveBlocks = 0;
        long liveBytes = 0;
        long freeBlocks = 0;
        long freeBytes = 0;
        TlsfHeap heap = null;
        for (int i = 0; i < count; i++) {
            long mappedEnd = tops[i] == firsts[i] ? Arena.floor(bounds[i], firsts[i]) : Pages.up(tops[i]);
            arenas[i] = Arena.create(i, mem, bounds[i], firsts[i], tops[i], bounds[i + 1], mappedEnd);
        }
        heap = new TlsfHeap(mem, opts, arenas);
        Set<Long> slabBlocks = new HashSet<>(); // the slab pages' blocks: the slab's, not live themselves
        for (SlabPage sp : slabPages) {
            slabBlocks.add(sp.page() - HEADER);
        }
        for (int i = 0; i < count; i++) {
            boolean prevFree = false;
            for (Planned b : plans.get(i)) {
                if (b.free()) {
                    mem.write64(b.h(), b.size() | FREE);
                    mem.write64(b.h() + b.size() - HEADER, b.size());
                    arenas[i].insert(b.h(), b.size());
                    freeBlocks++;
                    freeBytes += b.size();
                } else {
                    mem.write64(b.h(), b.size() | (prevFree ? PREV_FREE : 0));
                    if (!slabBlocks.contains(b.h())) {
                        heap.live.add(b.h() + HEADER);
                        heap.slabs.countBlock(b.size(), 1);
                        liveBlocks++;
                        liveBytes += b.size() - HEADER;
                    }
                }
                prevFree = b.free();
            }
        }
        // Partial lists in their old order where the previous TLSF heap's lists name the pages, then by address.
        Map<Integer, Set<Long>> partial = new TreeMap<>();
        for (SlabPage sp : slabPages) {
            // Its block went in above, allocated; its slots are the live ones.
            if (heap.slabs.adopt(sp.sizeClass(), sp.page(), sp.slots())) {
                partial.computeIfAbsent(sp.sizeClass(), c -> new LinkedHashSet<>()).add(sp.page());
            }
            long slot = Slabs.slotSize(sp.sizeClass());
            for (int i = sp.slots().nextSetBit(0); i >= 0; i = sp.slots().nextSetBit(i + 1)) {
                heap.live.add(sp.page() + Slabs.HEADER_BYTES + i * slot);
                liveBlocks++;
                liveBytes += slot;
            }
        }
        for (Map.Entry<Integer, Set<Long>> e : partial.entrySet()) {
            List<Long> order = new ArrayList<>();
            for (long page : partialOrder) {
                if (e.getValue().remove(page)) {
                    order.add(page);
                }
            }
            order.addAll(e.getValue());
            heap.slabs.relink(e.getKey(), order);
        }
        for (long[] run : toUnmap) {
            Pages.unmap(mem, run[0], run[1]);
        }
        heap.restoreCounters(liveBlocks, liveBytes, freeBlocks, freeBytes);
        return heap;
    }

    /**
     * The live blocks with each slab page's slots replaced by one block of a page's payload at the
     * page ({@code slabPages} gets the pages): a page counts as a slab if its first word in RAM says
     * SLAB with a slot size, and every live block in it is a slot of that size on a slot start.
     */
    private static List<LiveBlock> withSlabPages(HeapMemory mem, List<LiveBlock> live, List<SlabPage> slabPages) {
        List<LiveBlock> out = new ArrayList<>(live.size());
        for (int i = 0; i < live.size();) {
            LiveBlock b = live.get(i);
            long page = b.payload() & -Slabs.PAGE;
            int end = i;
            BitSet slots = new BitSet();
            long slot = mem.isMapped(page) ? Slabs.slotSizeIn(mem.read64(page + Slabs.KIND)) : 0;
            if (slot != 0 && slot == b.size()) {
                for (; end < live.size() && (live.get(end).payload() & -Slabs.PAGE) == page; end++) {
                    LiveBlock s = live.get(end);
                    int index = Slabs.slotIndex(page, slot, s.payload());
                    if (s.size() != slot || index < 0) {
                        end = i; // not laid out as this page's slots: adopted as blocks (or refused) below
                        break;
                    }
                    slots.set(index);
                }
            }
            if (end > i) {
                slabPages.add(new SlabPage(page, (int) (slot / SizeClasses.GRANULE), slots));
                out.add(new LiveBlock(page, Slabs.PAGE - HEADER));
                i = end;
            } else {
                out.add(b);
                i++;
            }
        }
        return out;
    }

    /**
     * The pages of the partial lists a TLSF control block in RAM names (a snapshot of this heap, or a
     * swap back), list after list, in list order; only pages being adopted as slab pages, each once.
     */
    private static List<Long> oldPartialOrder(HeapMemory mem, List<SlabPage> slabPages) {
        List<Long> order = new ArrayList<>();
        if (slabPages.isEmpty() || !mem.isMapped(mem.base()) || mem.read64(mem.base()) != TlsfHeap.MAGIC) {
            return order;
        }
        Set<Long> adopted = new HashSet<>();
        for (SlabPage sp : slabPages) {
            adopted.add(sp.page());
        }
        for (long c = 1; c <= Slabs.MAX_SLOT / SizeClasses.GRANULE; c++) {
            long page = mem.read64(Slabs.headWord(mem, c));
            while (page != 0 && adopted.remove(page)) {
                order.add(page);
                page = mem.read64(page + Slabs.NEXT);
            }
        }
        return order;
    }

    static long minBlock(long usable) {
        return Math.max(MIN_BLOCK, (usable + HEADER + SizeClasses.GRANULE - 1) & TlsfHeap.SIZE_MASK);
    }

    /** Arena bounds with the split moved up past any adopted block that would straddle it. */
    private static long[] splitAroundBlocks(HeapMemory mem, TlsfOptions opts, List<LiveBlock> live) {
        long minSplit = mem.base() + HeapMemory.CONTROL_BYTES;
        for (LiveBlock b : live) {
            long[] bounds = TlsfHeap.arenaBounds(mem, opts, minSplit);
            if (bounds.length < 3) {
                return bounds;
            }
            long h = b.payload() - HEADER;
            if (h < bounds[1] && h + minBlock(b.size()) > bounds[1]) {
                minSplit = h + minBlock(b.size());
            }
        }
        return TlsfHeap.arenaBounds(mem, opts, minSplit);
    }

    /** The page runs TLSF keeps mapped for this layout: the control page, then each arena minus free blocks' holes. */
    private static List<long[]> wantedPages(HeapMemory mem, List<List<Planned>> plans, long[] bounds, long[] firsts, long[] tops) {
        List<long[]> runs = new ArrayList<>();
        runs.add(new long[] {mem.base(), mem.base() + Pages.SIZE});
        for (int i = 0; i < plans.size(); i++) {
            if (tops[i] == firsts[i]) {
                continue;
            }
            long cursor = Arena.floor(bounds[i], firsts[i]);
            for (Planned b : plans.get(i)) {
                if (b.free() && Pages.holeLo(b.h()) < Pages.holeHi(b.h(), b.size())) {
                    runs.add(new long[] {cursor, Pages.holeLo(b.h())});
                    cursor = Pages.holeHi(b.h(), b.size());
                }
            }
            runs.add(new long[] {cursor, Pages.up(tops[i])});
        }
        return runs;
    }

    /** Compares the wanted runs with what is mapped now, page by page, stopping once every mapped page has been seen. */
    private static void diffPages(HeapMemory mem, List<long[]> wanted, List<long[]> toMap, List<long[]> toUnmap) {
        long total = mem.mappedPages();
        long seen = 0;
        int run = 0;
        for (long p = mem.base(); p < mem.limit(); p += Pages.SIZE) {
            while (run < wanted.size() && p >= wanted.get(run)[1]) {
                run++;
            }
            boolean want = run < wanted.size() && p >= wanted.get(run)[0];
            if (!want && seen == total) {
                if (run == wanted.size()) {
                    return;
                }
                p = wanted.get(run)[0] - Pages.SIZE; // nothing mapped is left before the next wanted run
                continue;
            }
            boolean mapped = mem.isMapped(p);
            if (mapped) {
                seen++;
            }
            if (want && !mapped) {
                add(toMap, p);
            } else if (!want && mapped) {
                add(toUnmap, p);
            }
        }
    }

    private static void add(List<long[]> runs, long page) {
        if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == page) {
            runs.get(runs.size() - 1)[1] = page + Pages.SIZE;
        } else {
            runs.add(new long[] {page, page + Pages.SIZE});
        }
    }
}
