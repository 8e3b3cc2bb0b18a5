package memwb.heap.freelist;

import static memwb.heap.freelist.Tags.ALLOC;
import static memwb.heap.freelist.Tags.FENCE;
import static memwb.heap.freelist.Tags.MIN_BLOCK;
import static memwb.heap.freelist.Tags.OVERHEAD;
import static memwb.heap.freelist.Tags.WORD;

import memwb.api.heap.HeapMemory;

/**
 * The heap's blocks and what keeps them: boundary tags, the bins, the live bits, the counters, and
 * the top of the heap, which grows and shrinks through the VMM. Every method keeps the invariants
 * check() verifies; callers ({@link FreeListHeap}) have validated their arguments.
 *
 * <p>Memory: {@code [base, base + 4096)} is the control block; the block area's pages run from
 * {@code areaStart = base + 4096} to {@link #end}, every page of {@code [base, end)} mapped, nothing
 * above. {@code end == areaStart} means the area is empty (no epilogue). The prologue is the word
 * before the first header: at {@code areaStart} for this heap's own layout
 * ({@link #FIRST_HEADER_OFFSET}); an adopted heap whose first block's header sits in the control
 * page's last word (TLSF's layout, {@link #LOWEST_HEADER_OFFSET}) keeps it there, the prologue in the
 * word before.
 */
final class Area {
    static final long PAGE = HeapMemory.PAGE_SIZE;
    /** "FREELIST" in ASCII, little-endian: marks the control block for anyone reading RAM. */
    static final long MAGIC = 0x5453494c45455246L;
    /** Growth step: at least 1/2^7 of the heap's extent. */
    static final int GROWTH_SHIFT = 7;
    /** Trim threshold: at least 1/2^4 of the heap's extent. */
    static final int TRIM_SHIFT = 4;

    final HeapMemory mem;
    final long base;
    final long areaStart;
    final long firstHeader;
    /** The word before {@link #firstHeader}: size 0, allocated, so nothing coalesces below the first block. */
    final long prologue;
    final long limit;
    /** The largest block the range could ever hold: a request beyond it is an error, not out of memory. */
    final long maxBlock;
    final long trim;
    final Bins bins;
    final LiveBits live;
    /**
     * The headers (keyed by the slot after them) whose left neighbour is a footerless block, so every
     * write of such a header or epilogue keeps {@link Tags#LEFT_FOOTERLESS}, however it was reached.
     */
    final LiveBits leftFooterless;
    long end;
    long liveBytes;
    long freeBlocks;
    long freeBytes;
    /** Pages inside hole blocks (unmapped, so not in the mapped count). */
    long holePages;
    long holes;
    /** The size of the block {@link #release} made last (for the trim check, without reading it back). */
    private long releasedSize;
    /** The size of the block {@link #grow} returned last. */
    private long grownSize;
    private long largestFree;
    private boolean largestStale;

    /** Offset of a new heap's first header from base: after the control page and the prologue. */
    static final long FIRST_HEADER_OFFSET = HeapMemory.CONTROL_BYTES + WORD;
    /** The lowest first header this heap adopts: the control page's last word (the payload at the page boundary). */
    static final long LOWEST_HEADER_OFFSET = HeapMemory.CONTROL_BYTES - WORD;

    Area(HeapMemory mem, long trim) {
        this(mem, trim, mem.base() + FIRST_HEADER_OFFSET);
    }

    /** An area whose first block's header is at {@code firstHeader} (LOWEST_HEADER_OFFSET or FIRST_HEADER_OFFSET past base). */
    Area(HeapMemory mem, long trim, long firstHeader) {
        this.mem = mem;
        this.base = mem.base();
        this.areaStart = base + HeapMemory.CONTROL_BYTES;
        this.firstHeader = firstHeader;
        this.prologue = firstHeader - WORD;
        this.live = new LiveBits(firstHeader + WORD);
        this.leftFooterless = new LiveBits(firstHeader + WORD);
        this.limit = mem.limit();
        this.maxBlock = limit - firstHeader - WORD;
        this.trim = trim;
        this.bins = new Bins(mem);
        this.end = areaStart;
    }

    /** Writes magic, end, trim and empty bins into the control block. */
    void writeControl() {
        mem.write64(base + Bins.MAGIC_OFFSET, MAGIC);
        mem.write64(base + Bins.END_OFFSET, end);
        mem.write64(base + Bins.TRIM_OFFSET, trim);
        bins.reset();
    }

    /** Frees the live block {@code h}: coalesces it and gives the top back to the VMM if it is big enough. */
    void freeBlock(long h, long size) {
        retire(h, size);
        trimIfTop(release(h, size));
    }

    /**
     * Turns the live block {@code h} (from a padded request) into one whose payload is a multiple of
     * {@code alignment} with at least {@code s} bytes: the leading gap and the tail become free blocks.
     * Returns the aligned payload.
     */
    long align(long h, long alignment, long s) {
        long blockSize = Tags.size(mem.read64(h));
        long p = h + WORD;
        long q = (p + alignment - 1) & -alignment;
        if (q != p && q - p < MIN_BLOCK) {
            q += alignment;
        }
        if (q != p) {
            long gap = q - p;
            retire(h, blockSize);
            blockSize -= gap;
            setTags(q - WORD, blockSize | ALLOC);
            adopt(q - WORD, blockSize);
            release(h, gap);
        }
        shrink(q - WORD, blockSize, s);
        return q;
    }

    /** The largest free block: O(1), but after the old largest was taken one pass over the top bin. */
    long largestFree() {
        if (largestStale) {
            largestFree = largestInTopBin();
            largestStale = false;
        }
        return largestFree;
    }

    /** A block of at least {@code s} bytes made live, or 0 when no block fits and the VMM has no page. */
    long allocBlock(long s) {
        long h = bins.find(s, end - WORD);
        long size;
        if (h != 0) {
            size = bins.foundSize;
            if (size - s >= MIN_BLOCK && bins.replace(h, size, h + s, size - s)) {
                // The remainder took the block's place on its list: one free block still, s bytes fewer.
                freeBytes -= s;
                if (size == largestFree) {
                    largestStale = true;
                }
                setTags(h + s, size - s);
                setTags(h, s | ALLOC);
                adopt(h, s);
                return h;
            }
            removeFree(h, size);
        } else {
            h = grow(s);
            if (h == 0) {
                return 0;
            }
            size = grownSize;
        }
        if (size - s >= MIN_BLOCK) {
            setTags(h + s, size - s);
            addFree(h + s, size - s);
            size = s;
        }
        setTags(h, size | ALLOC);
        adopt(h, size);
        return h;
    }

    /**
     * The notes' growth: maps just enough pages at the top (the VMM takes frames from the frame
     * allocator) and returns one free block of at least {@code s} bytes, off every list: the old top
     * free block extended, or a new one. 0, with nothing taken and nothing written, if the range is
     * full or the VMM has no frames.
     */
    private long grow(long s) {
        long topSize = 0;
        long need = firstHeader + s + WORD - areaStart; // an empty area: the block from firstHeader, then the epilogue
        if (end != areaStart) {
            long footer = leftTag(end - WORD);
            topSize = Tags.allocated(footer) ? 0 : Tags.size(footer);
            need = s - topSize;
        }
        long pages = Math.max(0, (need + PAGE - 1) / PAGE);
        long room = (limit - end) / PAGE;
        if (pages > room) {
            return 0;
        }
        if (pages > 0) {
            // Large heaps grow in steps of 1/128 of their extent, so a long run of mallocs asks the VMM
            // rarely (each allocPages costs tens of microseconds); the slack is at most that 1/128. If the
            // VMM cannot give the step, ask for just the need.
            long step = Math.min(room, Math.max(pages, (end - base) / PAGE >>> GROWTH_SHIFT));
            if (!mem.mapPages(end, step)) {
                if (step == pages || !mem.mapPages(end, pages)) {
                    return 0;
                }
                step = pages;
            }
            pages = step;
        }
        long newEnd = end + pages * PAGE;
        long h;
        long size;
        if (end == areaStart) {
            mem.write64(prologue, FENCE);
            h = firstHeader;
            size = newEnd - WORD - h;
        } else if (topSize != 0) {
            h = end - WORD - topSize;
            removeFree(h, topSize);
            size = topSize + pages * PAGE;
        } else {
            h = end - WORD;
            size = pages * PAGE;
        }
        setTags(h, size);
        writeFence(newEnd - WORD);
        setEnd(newEnd);
        grownSize = size;
        return h;
    }

    /**
     * Realloc without a new block: take the free right neighbour; if that is not enough and the block
     * (with it) ends at the top, map pages there; else take the free left neighbour too (the bytes
     * move down, as memmove). The header of the grown block, or 0 if none of these fits.
     */
    long growInPlace(long h, long old, long s) {
        long next = h + old;
        long nextTag = mem.read64(next);
        long nextSize = Tags.allocated(nextTag) ? 0 : Tags.size(nextTag);
        long have = old + nextSize;
        long start = h;
        long pages = 0;
        if (have < s) {
            boolean atTop = next + nextSize == end - WORD;
            long wanted = (s - have + PAGE - 1) / PAGE;
            if (atTop && wanted <= (limit - end) / PAGE && mem.mapPages(end, wanted)) {
                pages = wanted; // growing at the top moves nothing and keeps the wilderness above
            } else {
                long leftTag = leftTag(h);
                long leftSize = Tags.allocated(leftTag) ? 0 : Tags.size(leftTag);
                if (have + leftSize < s) {
                    return 0;
                }
                start = h - leftSize;
            }
        }
        if (nextSize != 0) {
            removeFree(next, nextSize);
        }
        if (start != h) {
            removeFree(start, h - start); // reads its links before the move overwrites them
            have += h - start;
        }
        if (pages != 0) {
            long newEnd = end + pages * PAGE;
            writeFence(newEnd - WORD);
            setEnd(newEnd);
            have += pages * PAGE;
        }
        retire(h, old);
        if (start != h) {
            mem.copy(start + WORD, h + WORD, old - OVERHEAD);
        }
        setTags(start, have | ALLOC);
        adopt(start, have);
        shrink(start, have, s);
        return start;
    }

    /** Cuts the live block {@code h} down to {@code s} bytes if the rest makes a free block, which then coalesces. */
    void shrink(long h, long size, long s) {
        if (size - s < MIN_BLOCK) {
            return;
        }
        retire(h, size);
        setTags(h, s | ALLOC);
        adopt(h, s);
        trimIfTop(release(h + s, size - s));
    }

    /**
     * Makes {@code [h, h + size)} a free block, merged with a free left neighbour (found by its footer)
     * and a free right neighbour (by its header), and puts it on its bin. The merged block keeps a
     * neighbour's place on its list when it belongs to the same bin, saving an unlink and an insert.
     * Returns the merged header.
     */
    private long release(long h, long size) {
        long rightTag = mem.read64(h + size);
        long leftTag = leftTag(h);
        long rs = Tags.allocated(rightTag) ? 0 : Tags.size(rightTag);
        if (rs == 0 && Tags.leftFooterless(rightTag) && !leftFooterless.contains(h + size + WORD)) {
            setTags(h + size, rightTag & ~Tags.LEFT_FOOTERLESS); // its left neighbour was footerless, is free now
        }
        long ls = Tags.allocated(leftTag) ? 0 : Tags.size(leftTag);
        long start = h - ls;
        long total = ls + size + rs;
        if (ls != 0 && rs != 0) {
            removeFree(h + size, rs);
        }
        if (ls != 0 && Bins.binOf(ls) == Bins.binOf(total)) {
            grewFree(ls, total); // the left neighbour keeps its place on its list
        } else if (ls == 0 && rs != 0 && bins.replace(h + size, rs, h, total)) {
            grewFree(rs, total); // the block takes its right neighbour's place
        } else {
            if (ls != 0) {
                removeFree(start, ls);
            } else if (rs != 0) {
                removeFree(h + size, rs);
            }
            addFree(start, total);
        }
        setTags(start, total);
        releasedSize = total;
        return start;
    }

    /** Counts a free block growing from {@code from} to {@code to} bytes in place on its list. */
    private void grewFree(long from, long to) {
        freeBytes += to - from;
        if (to > largestFree && !largestStale) {
            largestFree = to;
        }
    }

    /**
     * Gives whole pages at the top back to the VMM once the free top block {@code h} spans at least
     * the trim threshold of them, keeping the epilogue and any remainder big enough for a free block.
     */
    private void trimIfTop(long h) {
        long size = releasedSize;
        // At least 1/16 of the extent, so trimming cannot undo a growth step (1/128) straight away.
        long threshold = Math.max(trim, (end - base) >>> TRIM_SHIFT);
        // Whole pages released are at most the block and the two fence words: a cheap filter first.
        if (h + size != end - WORD || size + 2 * WORD < threshold) {
            return;
        }
        long newEnd;
        if (h == firstHeader) {
            newEnd = areaStart;
        } else {
            newEnd = (h + WORD + PAGE - 1) & -PAGE;
            long rest = newEnd - WORD - h;
            if (rest > 0 && rest < MIN_BLOCK) {
                newEnd += PAGE;
            }
        }
        long pages = (end - newEnd) / PAGE;
        if (pages == 0 || pages * PAGE < threshold) {
            return;
        }
        removeFree(h, size);
        if (newEnd != areaStart) {
            long rest = newEnd - WORD - h;
            if (rest > 0) {
                setTags(h, rest);
                addFree(h, rest);
            }
            writeFence(newEnd - WORD);
        } else {
            leftFooterless.clear(); // the area is empty: no block is left to be footerless
        }
        mem.unmapPages(newEnd, pages);
        setEnd(newEnd);
    }

    /**
     * Writes the header of the block at {@code h} and its footer (none for a footerless block or the
     * size-0 epilogue), adding LEFT_FOOTERLESS when the block to its left is footerless.
     */
    private void setTags(long h, long tag) {
        if (leftFooterless.contains(h + WORD)) {
            tag |= Tags.LEFT_FOOTERLESS;
        }
        mem.write64(h, tag);
        if (!Tags.footerless(tag) && Tags.size(tag) != 0) {
            mem.write64(h + Tags.size(tag) - WORD, tag);
        }
    }

    /** Writes the epilogue at {@code at}: size 0, allocated, flagged if its left neighbour is footerless. */
    private void writeFence(long at) {
        setTags(at, FENCE);
    }

    /**
     * The tag of the block left of the header at {@code h}: its footer, or, when that block is
     * footerless (its last word is payload, and {@code h} carries LEFT_FOOTERLESS), a fence (allocated,
     * size 0) in its place. The host copy of the flag answers, so this costs no RAM read more than before;
     * {@code h} may be a position about to receive a header.
     */
    private long leftTag(long h) {
        return leftFooterless.contains(h + WORD) ? FENCE : mem.read64(h - WORD);
    }

    private void setEnd(long newEnd) {
        end = newEnd;
        mem.write64(base + Bins.END_OFFSET, newEnd);
    }

    /** Counts a block as live (its tags are written). */
    private void adopt(long h, long size) {
        live.add(h + WORD);
        liveBytes += size - OVERHEAD;
    }

    /**
     * Stops counting a block as live (before its tags change). A footerless block stops being one: its
     * next tag write gives it a footer, and the header right of it loses LEFT_FOOTERLESS in release().
     */
    private void retire(long h, long size) {
        live.remove(h + WORD);
        if (leftFooterless.contains(h + size + WORD)) {
            leftFooterless.remove(h + size + WORD);
            liveBytes -= size - WORD;
        } else {
            liveBytes -= size - OVERHEAD;
        }
    }

    private void addFree(long h, long size) {
        bins.insert(h, size);
        freeBlocks++;
        freeBytes += size;
        if (size > largestFree && !largestStale) {
            largestFree = size;
        }
    }

    private void removeFree(long h, long size) {
        bins.unlink(h, size);
        freeBlocks--;
        freeBytes -= size;
        if (size == largestFree) {
            largestStale = true;
        }
    }

    /** The largest free block: it is in the highest non-empty bin. */
    private long largestInTopBin() {
        int bin = bins.highestNonEmpty();
        long best = 0;
        for (long h = bin < 0 ? 0 : bins.heads[bin]; h != 0; h = mem.read64(h + Tags.NEXT)) {
            best = Math.max(best, Tags.size(mem.read64(h)));
            if (bin < Bins.SMALL_BINS) {
                break; // exact bins: every block has the same size
            }
        }
        return best;
    }

    /** The first page a hole block starting at {@code h} leaves unmapped. */
    static long holeInteriorStart(long h) {
        return (h & -PAGE) + PAGE;
    }

    /** The end of the pages a hole block ending at {@code end} leaves unmapped. */
    static long holeInteriorEnd(long end) {
        return (end - WORD) & -PAGE;
    }

    /** Adoption: {@code [h, h + size)} becomes a hole (its tags written, its interior pages unmapped). */
    void hole(long h, long size) {
        setTags(h, size | ALLOC | Tags.HOLE);
        holes++;
        holePages += (holeInteriorEnd(h + size) - holeInteriorStart(h)) / PAGE;
    }

    /** Adoption: {@code [h, h + size)} becomes a free block on its bin. */
    void freeGap(long h, long size) {
        setTags(h, size);
        addFree(h, size);
    }

    /** Adoption: {@code [h, h + size)} becomes a live block (its payload bytes untouched). */
    void adoptBlock(long h, long size) {
        setTags(h, size | ALLOC);
        adopt(h, size);
    }

    /** Adoption, before any tag is written: the block {@code [h, h + size)} will be footerless. */
    void planFooterless(long h, long size) {
        leftFooterless.add(h + size + WORD);
    }

    /** Adoption: {@code [h, h + size)}, planned footerless, becomes a live block with a header only. */
    void adoptFooterless(long h, long size) {
        setTags(h, size | ALLOC | Tags.FOOTERLESS);
        live.add(h + WORD);
        liveBytes += size - WORD;
    }
}
