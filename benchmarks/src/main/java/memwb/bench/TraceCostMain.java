package memwb.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import memwb.api.heap.Heap;
import memwb.api.heap.HeapMemory;
import memwb.api.vmm.TlbStats;
import memwb.heap.freelist.FreeListHeap;
import memwb.heap.tlsf.TlsfHeap;
import memwb.replay.Comparison;
import memwb.replay.Trace;
import memwb.replay.TraceReader;

/**
 * What a heap asks of the emulated machine per trace operation, counted rather than timed, so it
 * reads the same on a loaded machine: translated 64-bit accesses (TLB hits plus misses) and how many
 * of them are the heap's 64-bit reads and writes (the rest: its byte copies and fills, page by page),
 * TLB misses (each a page walk), and pages mapped and unmapped through the VMM. One untimed pass per trace and
 * heap on a fresh {@link HeapMachine}; the ops/s of {@link TraceReplayMain} divided by these is the
 * cost of each.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar memwb.bench.TraceCostMain DIR...}
 * ({@code -Dheaps=tlsf} for one heap, {@code -Dtlsf.options=...} and {@code -Dmemwb.tlb=...} as for TraceReplayMain)
 */
public final class TraceCostMain {
    private TraceCostMain() {
    }

    public static void main(String[] args) {
        List<Path> files = new ArrayList<>();
        for (String dir : args) {
            files.addAll(Comparison.traces(Path.of(dir)));
        }
        Map<String, Function<HeapMemory, Heap>> heaps = Map.of(
                "freelist", m -> FreeListHeap.create(m, null, Map.of()),
                "tlsf", m -> TlsfHeap.create(m, null, TraceReplayMain.tlsfOptions()));
        System.out.println("trace               heap      accesses/op  reads/op  writes/op  misses/op  pages mapped/op  pages unmapped/op");
        for (Path f : files) {
            Trace trace = TraceReader.read(f);
            for (String name : TraceReplayMain.heapNames()) {
                HeapMachine machine = new HeapMachine();
                CountingMemory mem = new CountingMemory(machine.memory);
                Heap heap = heaps.get(name).apply(mem);
                machine.mmu.resetTlbStats();
                replayOnce(trace, heap);
                TlbStats tlb = machine.mmu.tlbStats();
                double ops = trace.ops();
                System.out.printf(Locale.ROOT, "%-19s %-8s %12.2f %9.2f %10.2f %10.3f %16.4f %18.4f%n", trace.name(),
                        name, (tlb.hits() + tlb.misses()) / ops, mem.reads / ops, mem.writes / ops, tlb.misses() / ops, mem.mapped / ops, mem.unmapped / ops);
                heap.destroy();
            }
        }
    }

    /** One pass of the trace's operations on {@code heap}, as a timed pass makes them (no payload checks). */
    static void replayOnce(Trace trace, Heap heap) {
        long[] ptr = new long[trace.maxId() + 1];
        for (int i = 0; i < trace.ops(); i++) {
            int id = trace.id(i);
            switch (trace.kind(i)) {
                case Trace.ALLOC -> ptr[id] = heap.malloc(trace.size(i));
                case Trace.REALLOC -> ptr[id] = heap.realloc(ptr[id], trace.size(i));
                default -> heap.free(ptr[id]);
            }
        }
    }

    /** Counts the heap's 64-bit reads and writes, and the pages mapped and unmapped. */
    private static final class CountingMemory extends ForwardingHeapMemory {
        long reads;
        long writes;
        long mapped;
        long unmapped;

        CountingMemory(HeapMemory inner) {
            super(inner);
        }

        @Override
        public long read64(long va) {
            reads++;
            return inner.read64(va);
        }

        @Override
        public void write64(long va, long value) {
            writes++;
            inner.write64(va, value);
        }

        @Override
        public boolean mapPages(long va, long pages) {
            boolean ok = inner.mapPages(va, pages);
            mapped += ok ? pages : 0;
            return ok;
        }

        @Override
        public void unmapPages(long va, long pages) {
            inner.unmapPages(va, pages);
            unmapped += pages;
        }
    }
}
