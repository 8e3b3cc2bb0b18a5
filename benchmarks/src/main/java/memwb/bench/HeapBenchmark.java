package memwb.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import memwb.api.heap.Heap;
import memwb.api.heap.HeapMemory;
import memwb.heap.freelist.FreeListHeap;
import memwb.heap.tlsf.TlsfHeap;

/**
 * One malloc+free pair on each heap over a real MMU (every header access through Mmu.translate),
 * against a baseline of one translated read64+write64 pair on the same kind of heap range: the
 * floor any heap operation pays per header touched. Each heap first holds 2000 blocks of mixed
 * sizes with every other one freed, so the pair goes through the free lists, not an empty heap.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HeapBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeapBenchmark {
    private static final int BLOCKS = 2000;

    @Param({"64", "1000"})
    long size;

    private Heap tlsf;
    private Heap freelist;
    private HeapMemory baseline;
    private long word;

    @Setup(Level.Trial)
    public void heaps() {
        tlsf = fragmented(TlsfHeap.create(new HeapMachine().memory, null, Map.of()));
        freelist = fragmented(FreeListHeap.create(new HeapMachine().memory, null, Map.of()));
        baseline = new HeapMachine().memory;
        baseline.mapPages(baseline.base(), 1);
        word = baseline.base() + 64;
    }

    private static Heap fragmented(Heap heap) {
        long[] p = new long[BLOCKS];
        for (int i = 0; i < BLOCKS; i++) {
            p[i] = heap.malloc(16 + (i * 37) % 700);
        }
        for (int i = 0; i < BLOCKS; i += 2) {
            heap.free(p[i]);
        }
        return heap;
    }

    @Benchmark
    public long baselineTranslatedReadWritePair() {
        long v = baseline.read64(word) + 1;
        baseline.write64(word, v);
        return v;
    }

    @Benchmark
    public long tlsfMallocFree() {
        long p = tlsf.malloc(size);
        tlsf.free(p);
        return p;
    }

    @Benchmark
    public long freelistMallocFree() {
        long p = freelist.malloc(size);
        freelist.free(p);
        return p;
    }
}
