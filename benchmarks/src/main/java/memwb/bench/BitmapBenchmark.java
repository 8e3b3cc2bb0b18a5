package memwb.bench;

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
import memwb.api.ram.Owner;
import memwb.pfa.bitmap.BitmapFrameAllocator;
import memwb.ram.SparseMemory;

/**
 * The bitmap allocator on the same 4 GiB machine as {@link BytemapBenchmark} (1 Mi frames, a
 * 128 KiB bitmap in sparse RAM, kernel at 16 MiB): one allocFrame + freeFrame pair with a given
 * fraction of the usable frames allocated, at random or packed from the bottom. Packed at 90% is
 * where the bytemap's first fit walks 900 Ki entries per allocation; the bitmap starts at its hint.
 * A 2 MiB aligned run (512 frames) is measured too, alloc + free, on the same fills; random fills
 * leave no wholly free 2 MiB anywhere, so there it measures the whole-map search that answers NO_FRAME.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BitmapBenchmark {
    private static final long MIB = 1024 * 1024;
    /** The kernel image starts at 16 MiB, so the bitmap takes the 128 KiB below it. */
    private static final long KERNEL = 16 * MIB;
    /** A 2 MiB page: 512 frames, 512-frame aligned. */
    private static final long HUGE_FRAMES = 512;

    /** Fraction of usable frames allocated before measuring. */
    @Param({"0.1", "0.5", "0.9"})
    public double fill;

    /** "random": allocated frames scattered; "packed": the lowest frames allocated, the rest free. */
    @Param({"random", "packed"})
    public String pattern;

    private FrameAllocator pfa;

    @Setup
    public void fill() {
        pfa = BitmapFrameAllocator.create(new SparseMemory(BytemapBenchmark.fourGib()), KERNEL, null, null);
        AllocatorFill.apply(pfa, fill, pattern);
    }

    @Benchmark
    public long allocThenFree() {
        long pa = pfa.allocFrame(Owner.USER);
        pfa.freeFrame(pa);
        return pa;
    }

    /** A 2 MiB aligned run; NO_FRAME (nothing to free) when random fill leaves no wholly free 2 MiB. */
    @Benchmark
    public long alloc2MibThenFree() {
        long pa = pfa.allocContiguous(HUGE_FRAMES, HUGE_FRAMES, Owner.USER);
        if (pa != FrameAllocator.NO_FRAME) {
            pfa.freeContiguous(pa, HUGE_FRAMES);
        }
        return pa;
    }
}
