package memwb.heap.freelist;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import memwb.api.heap.HeapMemory;

/**
 * malloc-lab's checker for this heap, reading RAM: the block walk (sizes, alignment, footers equal
 * headers but on footerless adopted blocks, which have none, LEFT_FOOTERLESS on exactly the headers
 * and epilogue after a footerless block, no two adjacent free blocks, every allocated block one malloc returned, the walk ending
 * at the epilogue), then the bins (RAM heads and bitmap agree with the heap, every entry a free block
 * of the bin's size class, prev links mirror next links, every free block on a list), then the
 * mapped region and the counters. Problems of the block walk come first, in address order.
 */
final class HeapChecker {
    private final Area area;
    private final HeapMemory mem;
    private final List<String> problems = new ArrayList<>();

    HeapChecker(Area area) {
        this.area = area;
        this.mem = area.mem;
    }

    List<String> check() {
        Map<Long, Long> free = new LinkedHashMap<>();
        long[] live = {0, 0};
        long[] holes = {0, 0};
        if (area.end != area.areaStart) {
            walkBlocks(free, live, holes);
        }
        if (holes[0] != area.holes || holes[1] != area.holePages) {
            problem("RAM holds %d holes (%d unmapped pages), the heap counts %d (%d pages)", holes[0], holes[1],
                    area.holes, area.holePages);
        }
        checkLists(free);
        checkRegion();
        checkCounters(free, live[0], live[1]);
        return problems;
    }

    private void walkBlocks(Map<Long, Long> free, long[] live, long[] holes) {
        long top = area.end - Tags.WORD;
        if (mem.read64(area.prologue) != Tags.FENCE) {
            problem("prologue at 0x%x holds 0x%x, not 0x%x", area.prologue, mem.read64(area.prologue), Tags.FENCE);
        }
        boolean previousFree = false;
        boolean previousFooterless = false;
        long footerless = 0;
        long previous = 0;
        long h = area.firstHeader;
        while (h < top) {
            long tag = mem.read64(h);
            long size = Tags.size(tag);
            if (size < Tags.MIN_BLOCK || size > top - h) {
                problem("block at 0x%x: header 0x%x gives size %d, %s", h, tag, size, size < Tags.MIN_BLOCK
                        ? "below the minimum block of " + Tags.MIN_BLOCK
                        : String.format(Locale.ROOT, "running past the epilogue at 0x%x", top));
                return;
            }
            if (((h + Tags.WORD) & (Tags.ALIGN - 1)) != 0) {
                problem("block at 0x%x: payload 0x%x is not 16-byte aligned", h, h + Tags.WORD);
            }
            long flags = tag & (Tags.ALIGN - 1) & ~Tags.LEFT_FOOTERLESS;
            if (flags != 0 && flags != Tags.ALLOC && flags != (Tags.ALLOC | Tags.HOLE)
                    && flags != (Tags.ALLOC | Tags.FOOTERLESS)) {
                problem("block at 0x%x: header 0x%x has unknown flag bits", h, tag);
            }
            checkLeftFlag(h, tag, previous, previousFooterless);
            long footer = Tags.footerless(tag) ? tag : mem.read64(h + size - Tags.WORD);
            if (footer != tag) {
                problem("block at 0x%x: footer 0x%x at 0x%x differs from header 0x%x", h, footer,
                        h + size - Tags.WORD, tag);
            }
            boolean isFree = !Tags.allocated(tag);
            if (isFree && previousFree) {
                problem("blocks at 0x%x and 0x%x are adjacent free blocks (not coalesced)", previous, h);
            }
            if (isFree) {
                free.put(h, size);
            } else if (Tags.hole(tag)) {
                holes[0]++;
                long first = Area.holeInteriorStart(h);
                holes[1] += (Area.holeInteriorEnd(h + size) - first) / Area.PAGE;
                if (Area.holeInteriorEnd(h + size) != first && mem.isMapped(first)) {
                    problem("hole at 0x%x: its page 0x%x is mapped", h, first);
                }
            } else {
                live[0]++;
                live[1] += size - Tags.overhead(tag);
                footerless += Tags.footerless(tag) ? 1 : 0;
                if (!area.live.contains(h + Tags.WORD)) {
                    problem("block at 0x%x is allocated in RAM but 0x%x was never returned by malloc", h,
                            h + Tags.WORD);
                }
            }
            previousFree = isFree;
            previousFooterless = Tags.footerless(tag);
            previous = h;
            h += size;
        }
        long fence = Tags.FENCE | (previousFooterless ? Tags.LEFT_FOOTERLESS : 0);
        if (mem.read64(top) != fence) {
            problem("epilogue at 0x%x holds 0x%x, not 0x%x", top, mem.read64(top), fence);
        }
        if (h == top && area.leftFooterless.contains(top + Tags.WORD) != previousFooterless) {
            problem("epilogue at 0x%x: the heap %s its left neighbour 0x%x as footerless", top,
                    previousFooterless ? "does not count" : "counts", previous);
        }
        if (footerless != area.leftFooterless.size()) {
            problem("RAM holds %d footerless blocks, the heap counts %d", footerless, area.leftFooterless.size());
        }
    }

    /** The header at {@code h} carries LEFT_FOOTERLESS exactly when the block before it is footerless, and the heap agrees. */
    private void checkLeftFlag(long h, long tag, long left, boolean leftFooterless) {
        if (Tags.leftFooterless(tag) != leftFooterless) {
            problem("block at 0x%x: header 0x%x %s LEFT_FOOTERLESS but its left neighbour %s footerless", h, tag,
                    leftFooterless ? "lacks" : "has", left == 0 ? "(the prologue) is not"
                            : String.format(Locale.ROOT, "0x%x is%s", left, leftFooterless ? "" : " not"));
        }
        if (area.leftFooterless.contains(h + Tags.WORD) != leftFooterless) {
            problem("block at 0x%x: the heap %s its left neighbour as footerless, RAM %s", h,
                    leftFooterless ? "does not count" : "counts", leftFooterless ? "does" : "does not");
        }
    }

    private void checkLists(Map<Long, Long> free) {
        Set<Long> listed = new HashSet<>();
        for (int bin = 0; bin < Bins.COUNT; bin++) {
            long head = area.bins.headInRam(bin);
            if (head != area.bins.heads[bin]) {
                problem("bin %d (%s): head in RAM 0x%x, the heap holds 0x%x", bin, Bins.name(bin), head,
                        area.bins.heads[bin]);
            }
            boolean bit = (area.bins.bitmapInRam(bin >>> 6) >>> (bin & 63) & 1) != 0;
            if (bit != (head != 0)) {
                problem("bin %d (%s): bitmap bit is %d but the list is %s", bin, Bins.name(bin), bit ? 1 : 0,
                        head == 0 ? "empty" : "not empty");
            }
            long prev = 0;
            for (long h = head, n = 0; h != 0; n++) {
                Long size = free.get(h);
                if (size == null) {
                    problem("bin %d (%s): links 0x%x%s, which is not a free block", bin, Bins.name(bin), h,
                            prev == 0 ? " as its head" : String.format(Locale.ROOT, " after 0x%x", prev));
                    break;
                }
                if (!listed.add(h) || n > free.size()) {
                    problem("bin %d (%s): the list reaches 0x%x twice (a cycle)", bin, Bins.name(bin), h);
                    break;
                }
                if (Bins.binOf(size) != bin) {
                    problem("free block at 0x%x (%d bytes) is on bin %d (%s) but belongs on bin %d (%s)", h, size,
                            bin, Bins.name(bin), Bins.binOf(size), Bins.name(Bins.binOf(size)));
                }
                long back = mem.read64(h + Tags.PREV);
                if (back != prev) {
                    problem("free block at 0x%x: prev link 0x%x, but the list reaches it from 0x%x", h, back, prev);
                }
                prev = h;
                h = mem.read64(h + Tags.NEXT);
            }
        }
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            if (!listed.contains(e.getKey())) {
                problem("free block at 0x%x (%d bytes) is on no free list", e.getKey(), e.getValue());
            }
        }
    }

    private void checkRegion() {
        long base = area.base;
        if (mem.read64(base + Bins.MAGIC_OFFSET) != Area.MAGIC) {
            problem("control block at 0x%x: magic 0x%x is not FREELIST", base, mem.read64(base + Bins.MAGIC_OFFSET));
        }
        if (mem.read64(base + Bins.END_OFFSET) != area.end) {
            problem("control block at 0x%x: end 0x%x, the heap's end is 0x%x", base,
                    mem.read64(base + Bins.END_OFFSET), area.end);
        }
        long spanned = (area.end - base) / Area.PAGE - area.holePages;
        if (mem.mappedPages() != spanned) {
            problem("heap 0x%x-0x%x spans %d pages outside holes but %d pages of the range are mapped", base,
                    area.end, spanned, mem.mappedPages());
        }
        if (!mem.isMapped(area.end - Area.PAGE)) {
            problem("the heap's last page 0x%x is not mapped", area.end - Area.PAGE);
        }
        if (area.end != area.limit && mem.isMapped(area.end)) {
            problem("page 0x%x above the heap's end is mapped", area.end);
        }
    }

    private void checkCounters(Map<Long, Long> free, long liveBlocks, long liveBytes) {
        long freeBytes = free.values().stream().mapToLong(Long::longValue).sum();
        if (liveBlocks != area.live.size() || liveBytes != area.liveBytes) {
            problem("RAM holds %d live blocks (%d bytes), the heap counts %d (%d bytes)", liveBlocks, liveBytes,
                    area.live.size(), area.liveBytes);
        }
        if (free.size() != area.freeBlocks || freeBytes != area.freeBytes) {
            problem("RAM holds %d free blocks (%d bytes), the heap counts %d (%d bytes)", free.size(), freeBytes,
                    area.freeBlocks, area.freeBytes);
        }
    }

    private void problem(String format, Object... args) {
        problems.add(String.format(Locale.ROOT, format, args));
    }
}
