package memwb.heap.freelist;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import memwb.api.heap.HeapException;
import memwb.api.heap.HeapMemory;
import memwb.api.heap.HeapState;

/**
 * Takes over another heap's live blocks (a hot swap, a snapshot): every block keeps its address and
 * bytes and gets this heap's header and footer around it, or only a header when the next block's
 * header follows too closely for a footer (TLSF packs blocks one 8-byte header apart): such a block
 * is adopted {@link Tags#FOOTERLESS}, running to the next header. Each gap between blocks becomes one free
 * block; the mapped pages become {@code [base, end)} exactly (holes in gaps mapped, pages above the
 * last block unmapped). Everything is validated before anything is written; the only change made
 * before the last check is mapping holes, which is undone if a frame is missing.
 */
final class Adoption {
    private static final long PAGE = HeapMemory.PAGE_SIZE;

    private final Area area;
    private final HeapMemory mem;
    private final HeapState state;
    private final long[] headers;
    private final long[] sizes;
    private final boolean[] footerless;
    private long end;

    private Adoption(HeapMemory mem, HeapState state, FreeListOptions options) {
        this.area = new Area(mem, options.trim(), firstHeader(mem, state));
        this.mem = mem;
        this.state = state;
        this.headers = new long[state.live().size()];
        this.sizes = new long[headers.length];
        this.footerless = new boolean[headers.length];
    }

    /**
     * A heap holding every live block of {@code state}.
     *
     * @throws HeapException naming the block that cannot be adopted and why; memory is unchanged then
     */
    static FreeListHeap adopt(HeapMemory mem, HeapState state, FreeListOptions options) {
        Adoption a = new Adoption(mem, state, options);
        a.planBlocks();
        a.checkBlockPages();
        List<long[]> unmapped = a.unmappedRuns();
        List<Gap> gaps = a.planGaps(unmapped);
        List<long[]> interiors = new ArrayList<>();
        for (Gap g : gaps) {
            if (g.hasHole()) {
                interiors.add(new long[] {Area.holeInteriorStart(g.holeStart), Area.holeInteriorEnd(g.holeEnd)});
            }
        }
        List<long[]> extra = a.mappedAbove(unmapped);
        a.mapPieces(minus(unmapped, interiors));
        for (long[] piece : minus(interiors, unmapped)) {
            mem.unmapPages(piece[0], (piece[1] - piece[0]) / PAGE); // free space the old heap kept mapped
        }
        for (long[] run : extra) {
            mem.unmapPages(run[0], (run[1] - run[0]) / PAGE);
        }
        a.write(gaps);
        return new FreeListHeap(a.area);
    }

    /**
     * Where the adopted heap's first block starts: this heap's usual place, or lower, in the control
     * page's last word, when the first live block's header is there (TLSF puts its first payload at
     * the page boundary).
     */
    private static long firstHeader(HeapMemory mem, HeapState state) {
        long lowest = mem.base() + Area.LOWEST_HEADER_OFFSET;
        boolean low = !state.live().isEmpty() && state.live().get(0).payload() - Tags.WORD == lowest;
        return low ? lowest : mem.base() + Area.FIRST_HEADER_OFFSET;
    }

    /**
     * The free space between blocks: [start, end). When pages strictly inside it are unmapped (another
     * heap gave them back), they stay unmapped inside a hole block [holeStart, holeEnd), and only the
     * pages holding the tags around it are mapped; holeEnd == 0 means no hole.
     */
    private record Gap(long start, long end, long holeStart, long holeEnd) {
        boolean hasHole() {
            return holeEnd != 0;
        }
    }

    /**
     * Places this heap's tags around each block, footerless where a footer would run into the next
     * block's header or leave a gap too small for a free block and going without one fits; refuses
     * misaligned, overlapping or unfittable blocks.
     */
    private void planBlocks() {
        long cursor = area.firstHeader;
        List<HeapState.LiveBlock> live = state.live();
        for (int i = 0; i < live.size(); i++) {
            long p = live.get(i).payload();
            long usable = live.get(i).size();
            if ((p & (Tags.ALIGN - 1)) != 0) {
                throw refuse(p, "its payload is not 16-byte aligned, as this heap's payloads are");
            }
            if (usable < 0 || Long.compareUnsigned(usable, area.maxBlock - Tags.OVERHEAD) > 0) {
                throw refuse(p, "its size " + Long.toUnsignedString(usable) + " exceeds what the range can hold");
            }
            long h = p - Tags.WORD;
            long s = Tags.blockSize(usable);
            if (i + 1 < live.size()) {
                // No room for a footer before the next header (or what it leaves is no free block): go without.
                long room = live.get(i + 1).payload() - Tags.WORD - h;
                long bare = Tags.footerlessSize(usable);
                if (!fits(room, s) && fits(room, bare)) {
                    s = bare;
                    footerless[i] = true;
                }
            }
            if (i > 0 && Long.compareUnsigned(h - area.base, cursor - area.base) < 0
                    && live.get(i - 1).payload() + live.get(i - 1).size() > h) {
                throw refuse(p, String.format(Locale.ROOT, "the live block before it reaches 0x%x, so this heap's 8-byte "
                        + "header at 0x%x would overwrite its bytes (header-less blocks, such as tlsf's slab slots, "
                        + "cannot take a header: free them first, or run tlsf with heapOptions slab.max=0)",
                        live.get(i - 1).payload() + live.get(i - 1).size(), h));
            }
            if (Long.compareUnsigned(h - area.base, cursor - area.base) < 0) {
                throw refuse(p, i == 0 ? String.format(Locale.ROOT, "its header would be at 0x%x, below this heap's "
                        + "first block at 0x%x (the control page and the prologue come first)", h, area.firstHeader)
                        : String.format(Locale.ROOT, "it overlaps the block before it, which with this heap's "
                                + "tags ends at 0x%x (an 8-byte header before the payload, then a footer, or the next "
                                + "header directly, at least %d bytes in all)", cursor, Tags.MIN_BLOCK));
            }
            long gap = h - cursor;
            if (gap != 0 && gap < Tags.MIN_BLOCK) {
                throw refuse(p, String.format(Locale.ROOT, "the gap of %d bytes before it (0x%x-0x%x) cannot hold a "
                        + "free block (at least %d bytes with header, links and footer)", gap, cursor, h,
                        Tags.MIN_BLOCK));
            }
            if (Long.compareUnsigned(h + s - area.base, area.limit - Tags.WORD - area.base) > 0) {
                throw refuse(p, String.format(Locale.ROOT, "with its tags it runs past the range's end 0x%x",
                        area.limit));
            }
            headers[i] = h;
            sizes[i] = s;
            cursor = h + s;
        }
        if (cursor == area.firstHeader) {
            end = area.areaStart;
            return;
        }
        end = (cursor + Tags.WORD + PAGE - 1) & -PAGE;
        long rest = end - Tags.WORD - cursor;
        if (rest > 0 && rest < Tags.MIN_BLOCK) {
            end += PAGE;
        }
        if (Long.compareUnsigned(end - area.base, area.limit - area.base) > 0) {
            throw refuse(live.get(live.size() - 1).payload(), String.format(Locale.ROOT,
                    "no room for the heap's end marker below the range's end 0x%x", area.limit));
        }
    }

    /** True if a block of {@code size} bytes leaves of {@code room} nothing, or a free block. */
    private static boolean fits(long room, long size) {
        long gap = room - size;
        return gap == 0 || gap >= Tags.MIN_BLOCK;
    }

    /** The bytes of every live block must be on mapped pages: they are what is being kept. */
    private void checkBlockPages() {
        for (HeapState.LiveBlock b : state.live()) {
            if (b.size() == 0) {
                continue;
            }
            for (long page = b.payload() & -PAGE; ; page += PAGE) {
                if (!mem.isMapped(page)) {
                    throw refuse(b.payload(), String.format(Locale.ROOT,
                            "its bytes lie on page 0x%x, which is not mapped", page));
                }
                if (page == ((b.payload() + b.size() - 1) & -PAGE)) {
                    break;
                }
            }
        }
    }

    /** Runs of unmapped pages in {@code [base, end)}, as {start, end} addresses, ascending. */
    private List<long[]> unmappedRuns() {
        List<long[]> runs = new ArrayList<>();
        for (long page = area.base; page != end; page += PAGE) {
            if (!mem.isMapped(page)) {
                addPage(runs, page);
            }
        }
        return runs;
    }

    /** Every gap between blocks, with a hole where pages strictly inside it are unmapped. */
    private List<Gap> planGaps(List<long[]> unmapped) {
        List<Gap> gaps = new ArrayList<>();
        long cursor = area.firstHeader;
        for (int i = 0; i <= headers.length; i++) {
            long next = i < headers.length ? headers[i] : end - Tags.WORD;
            if (next != cursor) {
                gaps.add(gap(cursor, next, unmapped));
            }
            if (i < headers.length) {
                cursor = headers[i] + sizes[i];
            }
        }
        return gaps;
    }

    /**
     * The gap [g0, g1): a hole covers the pages strictly between the page of its first word and the page
     * of its last, if one of them is unmapped; free blocks too small to stand alone fold into the hole.
     */
    private static Gap gap(long g0, long g1, List<long[]> unmapped) {
        long inside = (g0 & -PAGE) + PAGE;
        long insideEnd = (g1 - Tags.WORD) & -PAGE;
        if (Long.compareUnsigned(inside, insideEnd) >= 0 || !intersects(unmapped, inside, insideEnd)) {
            return new Gap(g0, g1, 0, 0);
        }
        long x = inside - Tags.WORD;
        if (x - g0 < Tags.MIN_BLOCK) {
            x = g0;
        }
        long y = insideEnd + Tags.WORD;
        if (g1 - y < Tags.MIN_BLOCK) {
            y = g1;
        }
        return new Gap(g0, g1, x, y);
    }

    private static boolean intersects(List<long[]> runs, long from, long to) {
        for (long[] r : runs) {
            if (Long.compareUnsigned(r[0], to) < 0 && Long.compareUnsigned(r[1], from) > 0) {
                return true;
            }
        }
        return false;
    }

    /** The parts of the {start, end} ranges {@code a} outside every range of {@code b} (both ascending, disjoint). */
    private static List<long[]> minus(List<long[]> a, List<long[]> b) {
        List<long[]> out = new ArrayList<>();
        for (long[] r : a) {
            long from = r[0];
            for (long[] cut : b) {
                if (Long.compareUnsigned(cut[1], from) <= 0 || Long.compareUnsigned(cut[0], r[1]) >= 0) {
                    continue;
                }
                if (Long.compareUnsigned(cut[0], from) > 0) {
                    out.add(new long[] {from, cut[0]});
                }
                from = Long.compareUnsigned(cut[1], from) > 0 ? cut[1] : from;
            }
            if (Long.compareUnsigned(from, r[1]) < 0) {
                out.add(new long[] {from, r[1]});
            }
        }
        return out;
    }

    /** Runs of mapped pages at or above {@code end}, found by scanning until every mapped page is accounted for. */
    private List<long[]> mappedAbove(List<long[]> unmapped) {
        long below = (end - area.base) / PAGE;
        for (long[] run : unmapped) {
            below -= (run[1] - run[0]) / PAGE;
        }
        long remaining = mem.mappedPages() - below;
        List<long[]> runs = new ArrayList<>();
        for (long page = end; remaining > 0 && page != area.limit; page += PAGE) {
            if (mem.isMapped(page)) {
                addPage(runs, page);
                remaining--;
            }
        }
        return runs;
    }

    private static void addPage(List<long[]> runs, long page) {
        long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        if (last != null && last[1] == page) {
            last[1] += PAGE;
        } else {
            runs.add(new long[] {page, page + PAGE});
        }
    }

    /** Maps the pieces, or unmaps what it mapped and refuses when the frame allocator runs out. */
    private void mapPieces(List<long[]> pieces) {
        for (int i = 0; i < pieces.size(); i++) {
            long pages = (pieces.get(i)[1] - pieces.get(i)[0]) / PAGE;
            if (!mem.mapPages(pieces.get(i)[0], pages)) {
                for (int j = 0; j < i; j++) {
                    mem.unmapPages(pieces.get(j)[0], (pieces.get(j)[1] - pieces.get(j)[0]) / PAGE);
                }
                throw new HeapException(pieces.get(i)[0], String.format(Locale.ROOT, "heap freelist cannot adopt "
                        + "the blocks of %s: no free frames to map %d pages at 0x%x for the free space between them",
                        state.from(), pages, pieces.get(i)[0]));
            }
        }
    }

    /** The control block, the prologue, every block's tags, the gaps as free blocks and holes, the epilogue. */
    private void write(List<Gap> gaps) {
        area.end = end;
        area.writeControl();
        if (end == area.areaStart) {
            return;
        }
        mem.write64(area.prologue, Tags.FENCE);
        for (int i = 0; i < headers.length; i++) {
            if (footerless[i]) {
                area.planFooterless(headers[i], sizes[i]); // before any tag: the header after it carries the flag
            }
        }
        for (Gap g : gaps) {
            if (!g.hasHole()) {
                area.freeGap(g.start, g.end - g.start);
                continue;
            }
            if (g.holeStart != g.start) {
                area.freeGap(g.start, g.holeStart - g.start);
            }
            area.hole(g.holeStart, g.holeEnd - g.holeStart);
            if (g.holeEnd != g.end) {
                area.freeGap(g.holeEnd, g.end - g.holeEnd);
            }
        }
        for (int i = 0; i < headers.length; i++) {
            if (footerless[i]) {
                area.adoptFooterless(headers[i], sizes[i]);
            } else {
                area.adoptBlock(headers[i], sizes[i]);
            }
        }
        mem.write64(end - Tags.WORD, Tags.FENCE); // the last block always has its footer
    }

    private HeapException refuse(long payload, String why) {
        return new HeapException(payload, String.format(Locale.ROOT,
                "heap freelist cannot adopt the live block at 0x%x from %s: %s; nothing changed", payload,
                state.from(), why));
    }
}
