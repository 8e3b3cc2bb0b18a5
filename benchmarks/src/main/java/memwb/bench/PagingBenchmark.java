package memwb.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import memwb.api.pfa.FrameAllocator;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.MapOptions;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.Rights;
import memwb.api.vmm.TlbConfig;
import memwb.paging.Paging4Level;
import memwb.pfa.bytemap.BytemapFrameAllocator;
import memwb.ram.SparseMemory;
import memwb.vmm.Vmms;

/**
 * Mapping 1 GiB in 4 KiB pages into an empty 4-level kernel space: 262144 PTEs written into 512
 * fresh page tables plus a PDPT and a PD, each frame taken from the bytemap allocator and zeroed.
 * One map per invocation on a fresh machine (its setup is not timed). Prints the page-table frames
 * the map took.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PagingBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PagingBenchmark {
    private static final long GIB = 1L << 30;
    private static final long VA = 0xffff888000000000L;

    private FrameAllocator frames;
    private AddressSpace kernel;
    private long freeBefore;
    private long tableFrames;

    @Setup(Level.Invocation)
    public void freshMachine() {
        SparseMemory ram = new SparseMemory(TlbBenchmark.pcMap());
        frames = BytemapFrameAllocator.create(ram, 2L << 20, null, null);
        Vmms vmm = new Vmms();
        Mmu mmu = vmm.createMmu(ram, new Paging4Level(), ControlRegisters.forMode("4-level"), TlbConfig.DEFAULT);
        kernel = vmm.createKernelSpace(mmu, frames);
        mmu.setCr3(kernel.cr3());
        freeBefore = frames.stats().free();
    }

    @Benchmark
    public AddressSpace map1GiBIn4KiBPages() {
        kernel.map(VA, 0, GIB, Rights.parse("w"), MapOptions.DEFAULT.withPageSize(4096));
        return kernel;
    }

    @TearDown(Level.Invocation)
    public void countTables() {
        tableFrames = freeBefore - frames.stats().free();
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.println("page-table frames taken by mapping 1 GiB in 4 KiB pages: " + tableFrames
                + " (" + tableFrames * 4 + " KiB)");
    }
}
