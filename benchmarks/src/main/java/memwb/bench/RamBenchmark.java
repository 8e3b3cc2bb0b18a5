package memwb.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;
import memwb.ram.SparseMemory;

/**
 * 64-bit reads and writes of SparseMemory on a touched 16 MiB region of a 4 GiB machine, against a
 * plain long[] of the same size doing the same accesses in the same order. The ratio of the sparse
 * and plain scores is the cost of emulated RAM. "random" spreads accesses over the whole region (few
 * hits in the last-chunk cache); "strided" walks it in 256-byte steps (mostly cache hits).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RamBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RamBenchmark {
    private static final long MIB = 1L << 20;
    private static final long RAM_BYTES = 4096 * MIB;
    /** Where the touched region starts: above the low-memory hole, not chunk 0. */
    private static final long REGION_BASE = 256 * MIB;
    private static final int REGION_BYTES = (int) (16 * MIB);
    /** Accesses per benchmark invocation; a power of two. */
    private static final int ACCESSES = 1 << 16;
    private static final int STRIDE_BYTES = REGION_BYTES / ACCESSES;
    private static final long SEED = 0x5eed_2026L;

    @Param({"random", "strided"})
    public String pattern;

    private SparseMemory ram;
    private long[] plain;
    /** Physical addresses of the accesses, 8-byte aligned, inside the touched region. */
    private long[] addresses;
    /** The same accesses as indexes into {@link #plain}. */
    private int[] indexes;

    @Setup
    public void setUp() {
        ram = new SparseMemory(new MemoryMap(List.of(
                new MemoryRegion(0, 0x9f000, RegionType.USABLE),
                new MemoryRegion(0x9f000, 0x61000, RegionType.RESERVED),
                new MemoryRegion(0x100000, RAM_BYTES - 0x100000, RegionType.USABLE))));
        plain = new long[REGION_BYTES / Long.BYTES];
        for (int i = 0; i < plain.length; i++) {
            long value = i * 0x9e3779b97f4a7c15L;
            plain[i] = value;
            ram.write64(REGION_BASE + (long) i * Long.BYTES, value);
        }
        SplittableRandom random = new SplittableRandom(SEED);
        addresses = new long[ACCESSES];
        indexes = new int[ACCESSES];
        for (int i = 0; i < ACCESSES; i++) {
            int index = "random".equals(pattern) ? random.nextInt(plain.length) : i * STRIDE_BYTES / Long.BYTES;
            indexes[i] = index;
            addresses[i] = REGION_BASE + (long) index * Long.BYTES;
        }
    }

    @Benchmark
    @OperationsPerInvocation(ACCESSES)
    public long sparseRead64() {
        long sum = 0;
        for (long pa : addresses) {
            sum += ram.read64(pa);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(ACCESSES)
    public long plainRead64() {
        long sum = 0;
        for (int index : indexes) {
            sum += plain[index];
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(ACCESSES)
    public long sparseWrite64() {
        long[] pas = addresses;
        for (int i = 0; i < pas.length; i++) {
            ram.write64(pas[i], i);
        }
        return ram.version();
    }

    @Benchmark
    @OperationsPerInvocation(ACCESSES)
    public long[] plainWrite64() {
        int[] idx = indexes;
        for (int i = 0; i < idx.length; i++) {
            plain[idx[i]] = i;
        }
        return plain;
    }
}
