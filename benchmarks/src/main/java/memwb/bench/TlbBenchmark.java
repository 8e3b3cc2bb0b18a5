package memwb.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import memwb.api.paging.PagingMode;
import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;
import memwb.api.vmm.Access;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;
import memwb.api.vmm.TlbConfig;
import memwb.paging.Paging4Level;
import memwb.paging.Paging5Level;
import memwb.pfa.bytemap.BytemapFrameAllocator;
import memwb.ram.SparseMemory;
import memwb.vmm.Vmms;

/**
 * Translation cost against a raw physical read measured in the same run: a TLB hit (target: at
 * most 1.5x a raw read64), a full 4-level walk with no TLB (target: at most 6x), and 5-level
 * against 4-level. Sixteen 4 KiB pages, visited in turn, so hits stay hits and every walk reads
 * four (five) entries from sparse RAM; the A bits are already set, as on a warm machine.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TlbBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TlbBenchmark {
    private static final long MIB = 1L << 20;
    private static final long RAM_BYTES = 64 * MIB;
    private static final long VA = 0xffffffff80000000L;
    private static final long PA = 16 * MIB;
    private static final int PAGES = 16;
    private static final int PAGE_MASK = PAGES - 1;

    private SparseMemory ram;
    private Mmu tlbMmu;
    private Mmu walk4;
    private Mmu walk5;
    private int i;

    @Setup
    public void setUp() {
        ram = new SparseMemory(pcMap());
        FrameAllocator frames = BytemapFrameAllocator.create(ram, 2 * MIB, null, null);
        tlbMmu = machine(ram, frames, new Paging4Level(), TlbConfig.DEFAULT);
        walk4 = sameTables(tlbMmu, TlbConfig.NONE);
        SparseMemory ram5 = new SparseMemory(pcMap());
        walk5 = machine(ram5, BytemapFrameAllocator.create(ram5, 2 * MIB, null, null), new Paging5Level(), TlbConfig.NONE);
        for (int p = 0; p < PAGES; p++) {
            ram.write64(PA + ((long) p << 12) + 8, p);
            for (Mmu m : List.of(tlbMmu, walk4, walk5)) {
                m.translate(VA + ((long) p << 12), Access.READ, Privilege.SUPERVISOR); // warm: A bits set
            }
        }
    }

    public static MemoryMap pcMap() {
        return new MemoryMap(List.of(
                new MemoryRegion(0, 0x9f000, RegionType.USABLE),
                new MemoryRegion(0x9f000, 0x61000, RegionType.RESERVED),
                new MemoryRegion(MIB, RAM_BYTES - MIB, RegionType.USABLE)));
    }

    private static Mmu machine(SparseMemory ram, FrameAllocator frames, PagingMode mode, TlbConfig tlb) {
        Vmms vmm = new Vmms();
        Mmu mmu = vmm.createMmu(ram, mode, ControlRegisters.forMode(mode.name()), tlb);
        AddressSpace kernel = vmm.createKernelSpace(mmu, frames);
        kernel.map(VA, PA, PAGES * 4096L, Rights.parse("w"));
        mmu.setCr3(kernel.cr3());
        return mmu;
    }

    /** A second MMU over the same RAM and registers: the same tables, another TLB. */
    private static Mmu sameTables(Mmu mmu, TlbConfig tlb) {
        return new Vmms().createMmu(mmu.ram(), mmu.mode(), mmu.registers(), tlb);
    }

    private long nextOffset() {
        return ((long) (i++ & PAGE_MASK) << 12) + 8;
    }

    @Benchmark
    public long rawRead64() {
        return ram.read64(PA + nextOffset());
    }

    @Benchmark
    public long translateTlbHit() {
        return tlbMmu.translate(VA + nextOffset(), Access.READ, Privilege.SUPERVISOR);
    }

    @Benchmark
    public long translateTlbHitThenRead64() {
        return ram.read64(tlbMmu.translate(VA + nextOffset(), Access.READ, Privilege.SUPERVISOR));
    }

    @Benchmark
    public long walk4Level() {
        return walk4.translate(VA + nextOffset(), Access.READ, Privilege.SUPERVISOR);
    }

    @Benchmark
    public long walk5Level() {
        return walk5.translate(VA + nextOffset(), Access.READ, Privilege.SUPERVISOR);
    }
}
