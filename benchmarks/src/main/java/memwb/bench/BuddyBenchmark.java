package memwb.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.Owner;
import memwb.api.ram.RegionType;
import memwb.pfa.buddy.BuddyFrameAllocator;
import memwb.ram.SparseMemory;

/**
 * The buddy allocator on BytemapBenchmark's 4 GiB machine (1 Mi frames, kernel at 16 MiB): one
 * order-0 allocFrame + freeFrame pair, and one 2 MiB aligned run (512 frames, order 9)
 * allocContiguous + freeContiguous pair, with a given fraction of the usable frames allocated at
 * random or packed from the bottom. Random fill leaves no 2 MiB block free at any of these fills
 * (0.9^512 is nil), so there the run benchmark measures a refused request (NO_FRAME).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BuddyBenchmark {
    private static final long MIB = 1024 * 1024;
    /** The kernel image starts at 16 MiB, so the metadata takes the frames just below it. */
    private static final long KERNEL = 16 * MIB;
    private static final long SEED = 42;
    /** A 2 MiB page in 4 KiB frames. */
    private static final long RUN_FRAMES = 512;

    /** Fraction of usable frames allocated before measuring. */
    @Param({"0.1", "0.5", "0.9"})
    public double fill;

    /** "random": allocated frames scattered; "packed": the lowest frames allocated, the rest free. */
    @Param({"random", "packed"})
    public String pattern;

    private FrameAllocator pfa;

    @Setup
    public void fill() {
        pfa = BuddyFrameAllocator.create(new SparseMemory(BytemapBenchmark.fourGib()), KERNEL, null, null);
        // Frame by frame, unlike AllocatorFill's whole runs: a buddy frees whole allocations only.
        List<Long> frames = new ArrayList<>();
        for (long pa = pfa.allocFrame(Owner.USER); pa != FrameAllocator.NO_FRAME; pa = pfa.allocFrame(Owner.USER)) {
            frames.add(pa);
        }
        long toFree = Math.round(frames.size() * (1 - fill));
        if (pattern.equals("random")) {
            Collections.shuffle(frames, new Random(SEED));
        } else {
            frames.sort(Collections.reverseOrder()); // free from the top, keep the bottom allocated
        }
        for (int i = 0; i < toFree; i++) {
            pfa.freeFrame(frames.get(i));
        }
    }

    @Benchmark
    public long allocThenFree() {
        long pa = pfa.allocFrame(Owner.USER);
        pfa.freeFrame(pa);
        return pa;
    }

    @Benchmark
    public long alloc2MibThenFree() {
        long pa = pfa.allocContiguous(RUN_FRAMES, RUN_FRAMES, Owner.USER);
        if (pa != FrameAllocator.NO_FRAME) {
            pfa.freeContiguous(pa, RUN_FRAMES);
        }
        return pa;
    }
}
