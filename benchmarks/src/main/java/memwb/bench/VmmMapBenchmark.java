package memwb.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import memwb.heap.support.VmmHeapMemory;

/**
 * Mapping and unmapping one heap page as a kernel heap does, through {@link VmmHeapMemory} on
 * {@link HeapMachine} (allocPages/freePages of the 4-level kernel space, the TLB invalidated):
 * <ul>
 * <li>{@code mapUnmapNextToMapped}: the page's table keeps other mapped pages (the common case);
 * <li>{@code mapUnmapAlone}: the page is alone in its 2 MiB, so its page table is made (zeroed) on
 * map and freed again on unmap;
 * <li>{@code read64Baseline}: one translated 64-bit heap read (a TLB hit), the unit to compare with.
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar VmmMapBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VmmMapBenchmark {
    private static final long PAGE = 4096;
    /** Pages mapped around the measured one, so its page table stays in use. */
    private static final int NEIGHBOURS = 8;

    private VmmHeapMemory memory;
    private long shared;
    private long alone;

    @Setup
    public void machine() {
        memory = new HeapMachine().memory;
        long base = HeapMachine.HEAP_BASE;
        if (!memory.mapPages(base, NEIGHBOURS)) {
            throw new IllegalStateException("out of frames mapping the neighbour pages");
        }
        shared = base + NEIGHBOURS * PAGE;
        alone = base + HeapMachine.HEAP_BYTES / 2; // 512 MiB up: a page table of its own
        memory.write64(base, 42);
    }

    @Benchmark
    public long mapUnmapNextToMapped() {
        memory.mapPages(shared, 1);
        memory.unmapPages(shared, 1);
        return memory.mappedPages();
    }

    @Benchmark
    public long mapUnmapAlone() {
        memory.mapPages(alone, 1);
        memory.unmapPages(alone, 1);
        return memory.mappedPages();
    }

    @Benchmark
    public long read64Baseline() {
        return memory.read64(HeapMachine.HEAP_BASE);
    }
}
