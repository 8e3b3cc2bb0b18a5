package memwb.bench;

import java.util.List;
import java.util.Map;
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
import memwb.pfa.bytemap.BytemapFrameAllocator;
import memwb.ram.SparseMemory;

/**
 * The notes' allocator on a 4 GiB machine (1 Mi frames, a 1 MiB bytemap in sparse RAM): one
 * allocFrame + freeFrame pair with a given fraction of the usable frames allocated, either at
 * random or packed from the bottom. Packed is what a first-fit allocator builds up by itself (it
 * always takes the lowest free frame), and it is where the notes' scan from zero is slow by design:
 * every allocation walks over all the allocated frames below the first free one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BytemapBenchmark {
    private static final long MIB = 1024 * 1024;
    /** The kernel image starts at 16 MiB, so the bytemap takes 15-16 MiB. */
    private static final long KERNEL = 16 * MIB;

    /** Fraction of usable frames allocated before measuring. */
    @Param({"0.1", "0.5", "0.9"})
    public double fill;

    @Param({"first-fit", "next-fit"})
    public String search;

    /** "random": allocated frames scattered; "packed": the lowest frames allocated, the rest free. */
    @Param({"random", "packed"})
    public String pattern;

    private FrameAllocator pfa;

    /** A PC-like 4 GiB map: low memory, the BIOS area, 1 MiB to 3 GiB usable, the PCI hole, firmware at the top. */
    static MemoryMap fourGib() {
        return new MemoryMap(List.of(
                new MemoryRegion(0, 0x9f000, RegionType.USABLE),
                new MemoryRegion(0x9f000, 0x61000, RegionType.RESERVED),
                new MemoryRegion(MIB, 0xc0000000L - MIB, RegionType.USABLE),
                new MemoryRegion(0xfec00000L, 0x1400000L, RegionType.RESERVED)));
    }

    @Setup
    public void fill() {
        pfa = BytemapFrameAllocator.create(new SparseMemory(fourGib()), KERNEL, null, Map.of("search", search));
        AllocatorFill.apply(pfa, fill, pattern);
    }

    @Benchmark
    public long allocThenFree() {
        long pa = pfa.allocFrame(Owner.USER);
        pfa.freeFrame(pa);
        return pa;
    }
}
