package memwb.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import memwb.api.heap.Heap;
import memwb.heap.tlsf.TlsfHeap;
import memwb.replay.Comparison;
import memwb.replay.Trace;
import memwb.replay.TraceReader;

/**
 * A model, not a heap: what header-less small-object pages in front of TLSF would do to
 * utilisation, measured before building them into the heap bundle. Each trace is replayed on a
 * fresh {@link HeapMachine} twice: on TLSF alone, and on TLSF with size-class pages (slabs, as in
 * SerenityOS's kmalloc or Linux's SLUB) for requests of at most {@code slab.max} bytes, 16-byte
 * slots with no header, a page header of {@code slab.header} bytes counted at the start of each
 * page. A class gets pages only once it has {@code slab.threshold} live blocks (until then its
 * requests go to TLSF), so a heap with a handful of small blocks does not open a page per class.
 * Slab pages are page-aligned TLSF blocks, so the extent (the heap's mapped pages, as the replay
 * measures it) is TLSF's own. The page bookkeeping lives on the host here; in the heap it would be
 * the page header's bytes in RAM.
 *
 * <p>Utilisation is peak live payload over peak mapped bytes, after every operation, as
 * {@code replay} computes it; realloc of a slab block is a new block and a free (no payload is
 * copied, as only sizes matter), of a TLSF block TLSF's realloc. Run:
 * {@code java -cp benchmarks/target/benchmarks.jar memwb.bench.SlabModelMain DIR...}
 * ({@code -Dslab.max=64 -Dslab.threshold=64 -Dslab.header=64} are the defaults).
 */
public final class SlabModelMain {
    private static final long PAGE = 4096;
    private static final long SLOT_ALIGN = 16;

    private final long max = Long.getLong("slab.max", 64);
    private final int threshold = Integer.getInteger("slab.threshold", 64);
    private final long header = Long.getLong("slab.header", 64);

    private final Heap tlsf;
    /** A slab page's class (slot size / 16), live slots and free slots. */
    private static final class SlabPage {
        final int sizeClass;
        int used;
        final BitSet free = new BitSet();

        SlabPage(int sizeClass, int slots) {
            this.sizeClass = sizeClass;
            free.set(0, slots);
        }
    }

    private final Map<Long, SlabPage> pages = new HashMap<>();
    /** Per class, pages with a free slot, lowest address first. */
    private final List<TreeSet<Long>> partial = new ArrayList<>();
    /** Per class, live blocks wherever they are (slab or TLSF), and which TLSF blocks are small ones. */
    private final int[] live;
    private final Map<Long, Integer> smallInTlsf = new HashMap<>();

    private SlabModelMain(Heap tlsf) {
        this.tlsf = tlsf;
        int classes = (int) (max / SLOT_ALIGN) + 1;
        for (int c = 0; c < classes; c++) {
            partial.add(new TreeSet<>());
        }
        live = new int[classes];
    }

    public static void main(String[] args) {
        List<Path> files = new ArrayList<>();
        for (String dir : args) {
            files.addAll(Comparison.traces(Path.of(dir)));
        }
        System.out.println("trace                tlsf    tlsf+slabs  change");
        double sumTlsf = 0;
        double sumSlab = 0;
        for (Path f : files) {
            Trace trace = TraceReader.read(f);
            double alone = utilisation(trace, false);
            double slabs = utilisation(trace, true);
            sumTlsf += alone;
            sumSlab += slabs;
            System.out.printf(Locale.ROOT, "%-20s %.4f  %.4f     %+.4f%n", trace.name(), alone, slabs, slabs - alone);
        }
        System.out.printf(Locale.ROOT, "%-20s %.4f  %.4f     %+.4f%n", "mean", sumTlsf / files.size(),
                sumSlab / files.size(), (sumSlab - sumTlsf) / files.size());
    }

    private static double utilisation(Trace trace, boolean slabs) {
        HeapMachine machine = new HeapMachine();
        SlabModelMain heap = new SlabModelMain(TlsfHeap.create(machine.memory, null, Map.of()));
        long[] ptr = new long[trace.maxId() + 1];
        long[] size = new long[trace.maxId() + 1];
        long payload = 0;
        long peakPayload = 0;
        long peakExtent = 0;
        for (int i = 0; i < trace.ops(); i++) {
            int id = trace.id(i);
            switch (trace.kind(i)) {
                case Trace.ALLOC -> {
                    size[id] = trace.size(i);
                    ptr[id] = slabs ? heap.malloc(size[id]) : heap.tlsf.malloc(size[id]);
                    payload += size[id];
                }
                case Trace.REALLOC -> {
                    long n = trace.size(i);
                    ptr[id] = slabs ? heap.realloc(ptr[id], n) : heap.tlsf.realloc(ptr[id], n);
                    payload += n - size[id];
                    size[id] = n;
                }
                default -> {
                    if (slabs) {
                        heap.free(ptr[id]);
                    } else {
                        heap.tlsf.free(ptr[id]);
                    }
                    payload -= size[id];
                }
            }
            if (ptr[id] == 0 && trace.kind(i) != Trace.FREE) {
                throw new IllegalStateException(trace.name() + ": op " + i + " ran out of memory");
            }
            peakPayload = Math.max(peakPayload, payload);
            peakExtent = Math.max(peakExtent, heap.tlsf.stats().mappedBytes());
        }
        heap.tlsf.destroy();
        return (double) peakPayload / peakExtent;
    }

    private long malloc(long n) {
        if (n > max) {
            return tlsf.malloc(n);
        }
        int c = classOf(n);
        live[c]++;
        if (live[c] <= threshold && partial.get(c).isEmpty()) {
            long va = tlsf.malloc(n);
            smallInTlsf.put(va, c);
            return va;
        }
        if (partial.get(c).isEmpty()) {
            long page = tlsf.alignedAlloc(PAGE, PAGE - 8); // its header is the page before's last word
            pages.put(page, new SlabPage(c, (int) ((PAGE - header) / (c * SLOT_ALIGN))));
            partial.get(c).add(page);
        }
        long page = partial.get(c).first();
        SlabPage p = pages.get(page);
        int slot = p.free.nextSetBit(0);
        p.free.clear(slot);
        p.used++;
        if (p.free.isEmpty()) {
            partial.get(c).remove(page);
        }
        return page + header + slot * c * SLOT_ALIGN;
    }

    private void free(long va) {
        long page = va & -PAGE;
        SlabPage p = pages.get(page);
        if (p == null || va < page + header) {
            Integer c = smallInTlsf.remove(va);
            if (c != null) {
                live[c]--;
            }
            tlsf.free(va);
            return;
        }
        int c = p.sizeClass;
        live[c]--;
        p.free.set((int) ((va - page - header) / (c * SLOT_ALIGN)));
        if (--p.used == 0) {
            partial.get(c).remove(page);
            pages.remove(page);
            tlsf.free(page);
        } else {
            partial.get(c).add(page);
        }
    }

    /** A slab block moves (a new block, then a free); a TLSF block stays TLSF's, counted in its new class if small. */
    private long realloc(long va, long n) {
        long page = va & -PAGE;
        if (pages.containsKey(page) && va >= page + header) {
            long moved = malloc(n);
            free(va);
            return moved;
        }
        Integer c = smallInTlsf.remove(va);
        if (c != null) {
            live[c]--;
        }
        long result = tlsf.realloc(va, n);
        if (n <= max) {
            int nc = classOf(n);
            live[nc]++;
            smallInTlsf.put(result, nc);
        }
        return result;
    }

    private static int classOf(long n) {
        return (int) ((Math.max(n, 1) + SLOT_ALIGN - 1) / SLOT_ALIGN);
    }
}
