package memwb.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import memwb.api.heap.Heap;
import memwb.api.heap.HeapMemory;
import memwb.heap.freelist.FreeListHeap;
import memwb.heap.tlsf.TlsfHeap;
import memwb.replay.Comparison;
import memwb.replay.ReplayResult;
import memwb.replay.Replayer;
import memwb.replay.Trace;
import memwb.replay.TraceReader;

/**
 * Replays every trace in the given directories against both heaps, each heap on a fresh machine
 * core (HeapMachine: every header access through Mmu.translate), and prints the replay lines, the
 * table and the CSV. Throughput is the best of {@code runs} timed passes without pattern checks.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar memwb.bench.TraceReplayMain [runs] DIR...}
 * ({@code -Dtlsf.options=arenas=1} and the like try other TLSF options; {@code -Dmemwb.pfa=bitmap} another frame allocator;
 * {@code -Dheaps=tlsf} replays one heap only; {@code -Dmemory=flat} replays on a plain host array, the
 * floor without emulation, see {@link FlatHeapMemory})
 */
public final class TraceReplayMain {
    private TraceReplayMain() {
    }

    public static void main(String[] args) {
        int runs = 5;
        int first = 0;
        if (args.length > 0 && args[0].matches("\\d+")) {
            runs = Integer.parseInt(args[0]);
            first = 1;
        }
        List<Path> files = new ArrayList<>();
        for (int i = first; i < args.length; i++) {
            files.addAll(Comparison.traces(Path.of(args[i])));
        }
        Map<String, Function<HeapMemory, Heap>> heaps = Map.of(
                "freelist", m -> FreeListHeap.create(m, null, Map.of()),
                "tlsf", m -> TlsfHeap.create(m, null, tlsfOptions()));
        List<ReplayResult> results = new ArrayList<>();
        for (Path f : files) {
            Trace trace = TraceReader.read(f);
            for (String name : heapNames()) {
                ReplayResult r = replayer(heaps.get(name), runs).replay(trace);
                System.out.println(r.line());
                r.firstErrors().forEach(e -> System.out.println("  " + e));
                results.add(r);
            }
        }
        System.out.println();
        System.out.print(Comparison.table(results));
        System.out.println();
        System.out.print(Comparison.csv(results));
    }

    /** The heaps to run: {@code -Dheaps=NAME,...}, both by default. */
    static List<String> heapNames() {
        return List.of(System.getProperty("heaps", "freelist,tlsf").split(","));
    }

    /** TLSF options from {@code -Dtlsf.options=key=value,...} (e.g. arenas=1), to compare placement policies. */
    static Map<String, String> tlsfOptions() {
        Map<String, String> out = new java.util.HashMap<>();
        for (String kv : System.getProperty("tlsf.options", "").split(",")) {
            if (!kv.isBlank()) {
                String[] p = kv.split("=", 2);
                out.put(p[0].trim(), p.length > 1 ? p[1].trim() : "");
            }
        }
        return out;
    }

    /**
     * One machine core per trace and heap, every pass on it with an empty heap range, as the
     * workbench's own replay runs its passes on the booted machine and malloc-lab's driver resets
     * the same brk area between runs (each pass's heap gives all its pages and frames back). So the
     * timed passes measure the heap on RAM that is there, not the host allocating backing arrays for
     * emulated RAM touched for the first time.
     */
    static Replayer replayer(Function<HeapMemory, Heap> make, int runs) {
        HeapMemory memory = flat() ? new FlatHeapMemory(HeapMachine.HEAP_BASE, HeapMachine.HEAP_BYTES)
                : new HeapMachine().memory;
        return Replayer.onFreshMemory(() -> memory, make, runs);
    }

    /** {@code -Dmemory=flat}: replay on a host array instead of the machine, to see what the heap costs without emulation. */
    static boolean flat() {
        String memory = System.getProperty("memory", "machine");
        if (!memory.equals("machine") && !memory.equals("flat")) {
            throw new IllegalArgumentException("-Dmemory must be machine or flat, was " + memory);
        }
        return memory.equals("flat");
    }
}
