package memwb.shell;

import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import memwb.api.heap.FreeList;
import memwb.api.heap.Heap;
import memwb.api.heap.HeapBlock;
import memwb.api.heap.HeapStats;
import memwb.api.machine.Machine;
import memwb.api.machine.MachineService;
import memwb.api.machine.Numbers;

/**
 * The kernel heap from the console: {@code malloc}, {@code free}, {@code realloc}, {@code calloc},
 * {@code memalign} as C has them (addresses are kernel linear addresses; 0 is NULL), and
 * {@code heap} to look inside. Misuse is refused with the heap's own message naming the address.
 */
@Component(service = HeapCommands.class, property = {
        "osgi.command.scope=memwb",
        "osgi.command.function=malloc", "osgi.command.function=free", "osgi.command.function=realloc",
        "osgi.command.function=calloc", "osgi.command.function=memalign", "osgi.command.function=heap" })
public final class HeapCommands {
    static final String HEAP_USAGE = """
            heap           the kernel heap: implementation, range, figures
            heap blocks    every block in address order (header, payload, size, used/free)
            heap bins      the free lists as RAM links them
            heap check     malloc-lab's consistency check: OK, or the first broken block""";
    /** Listing more blocks than this floods a console; the Heap view shows any number. */
    static final int MAX_LISTED = 200;

    @Reference
    private MachineService machines;

    /** malloc SIZE: a block of at least SIZE bytes, or NULL when memory runs out. */
    public String malloc(String size) {
        Heap heap = activeHeap();
        long p = heap.malloc(Numbers.parse(size, "malloc SIZE"));
        return p == 0 ? "NULL: out of memory (" + figures(heap.stats()) + ")" : block(heap, p);
    }

    /** free ADDR: frees a block (free 0 does nothing, as in C). */
    public String free(String address) {
        long p = Numbers.parse(address, "free ADDR");
        activeHeap().free(p);
        return p == 0 ? "free(NULL): nothing to do" : String.format(Locale.ROOT, "freed 0x%x", p);
    }

    /** realloc ADDR SIZE: C's realloc; NULL leaves the old block as it was. */
    public String realloc(String address, String size) {
        Heap heap = activeHeap();
        long p = heap.realloc(Numbers.parse(address, "realloc ADDR"), Numbers.parse(size, "realloc SIZE"));
        return p == 0 ? "NULL (the old block, if any, is unchanged or was freed for size 0)" : block(heap, p);
    }

    /** calloc COUNT SIZE: a zeroed block of COUNT * SIZE bytes. */
    public String calloc(String count, String size) {
        Heap heap = activeHeap();
        long p = heap.calloc(Numbers.parse(count, "calloc COUNT"), Numbers.parse(size, "calloc SIZE"));
        return p == 0 ? "NULL: out of memory or COUNT * SIZE overflows" : block(heap, p);
    }

    /** memalign ALIGN SIZE: a block whose address is a multiple of ALIGN (a power of two). */
    public String memalign(String alignment, String size) {
        Heap heap = activeHeap();
        long p = heap.alignedAlloc(Numbers.parse(alignment, "memalign ALIGN"), Numbers.parse(size, "memalign SIZE"));
        return p == 0 ? "NULL: out of memory" : block(heap, p);
    }

    public String heap() {
        return heap("info");
    }

    public String heap(String what) {
        Heap heap = activeHeap();
        return switch (what) {
            case "info" -> heap.describe().stripTrailing() + "\n" + figures(heap.stats());
            case "blocks" -> blocks(heap.blocks());
            case "bins" -> bins(heap.freeLists());
            case "check" -> check(heap.check());
            default -> throw new IllegalArgumentException("heap: unknown listing \"" + what + "\"\n" + HEAP_USAGE);
        };
    }

    static String figures(HeapStats s) {
        return String.format(Locale.ROOT,
                "%d live blocks (%d bytes), %d free blocks (%d bytes, largest %d), %d KiB mapped; %d mallocs, %d frees, %d failed",
                s.liveBlocks(), s.liveBytes(), s.freeBlocks(), s.freeBytes(), s.largestFree(), s.mappedBytes() >> 10,
                s.mallocs(), s.frees(), s.failures());
    }

    static String blocks(List<HeapBlock> blocks) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-18s  %-18s  %10s  %s%n", "header", "payload",
                "size", "state"));
        for (int i = 0; i < blocks.size() && i < MAX_LISTED; i++) {
            HeapBlock b = blocks.get(i);
            out.append(String.format(Locale.ROOT, "0x%016x  0x%016x  %10d  %s%n", b.header(), b.payload(), b.size(),
                    b.label()));
        }
        if (blocks.size() > MAX_LISTED) {
            out.append("... ").append(blocks.size() - MAX_LISTED).append(" more (the Heap view shows them all)\n");
        }
        return out.append(blocks.size()).append(" blocks").toString();
    }

    static String bins(List<FreeList> lists) {
        StringBuilder out = new StringBuilder();
        for (FreeList list : lists) {
            if (list.blocks().isEmpty()) {
                continue;
            }
            out.append(list.name()).append(": ");
            for (int i = 0; i < list.blocks().size() && i < 16; i++) {
                out.append(i == 0 ? "" : " -> ").append(String.format(Locale.ROOT, "0x%x", list.blocks().get(i)));
            }
            if (list.blocks().size() > 16) {
                out.append(" -> ... (").append(list.blocks().size()).append(" in all)");
            }
            out.append('\n');
        }
        return out.length() == 0 ? "every free list is empty" : out.toString().stripTrailing();
    }

    static String check(List<String> problems) {
        if (problems.isEmpty()) {
            return "heap check: OK";
        }
        throw new IllegalStateException("heap check: " + problems.size() + " problem(s):\n" + String.join("\n", problems));
    }

    private static String block(Heap heap, long p) {
        return String.format(Locale.ROOT, "0x%x (%d usable bytes)", p, heap.usableSize(p));
    }

    private Heap activeHeap() {
        Machine m = machines.current().orElseThrow(() -> new IllegalStateException("no machine is booted (use boot FILE)"));
        return m.heap().orElseThrow(() -> new IllegalStateException(m.pagingMode().equals("off")
                ? "this machine has paging off: the kernel heap lives in the kernel address space"
                : "no heap is installed (" + String.join(", ", machines.heaps()) + "): see info events"));
    }
}
