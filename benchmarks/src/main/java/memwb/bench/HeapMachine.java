package memwb.bench;

import java.util.List;

import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.TlbConfig;
import memwb.heap.support.VmmHeapMemory;
import memwb.paging.Paging4Level;
import memwb.pfa.bitmap.BitmapFrameAllocator;
import memwb.pfa.buddy.BuddyFrameAllocator;
import memwb.pfa.bytemap.BytemapFrameAllocator;
import memwb.ram.SparseMemory;
import memwb.vmm.Vmms;

/**
 * A machine core for heap benchmarks, as memwb.heap.support's test rig builds it: sparse RAM with
 * a PC map, the bytemap frame allocator, 4-level paging with the default TLB, an empty kernel space
 * and a {@link VmmHeapMemory} over a heap range in Linux's vmalloc area, so every header access of a
 * heap goes through Mmu.translate into RAM.
 */
final class HeapMachine {
    static final long MIB = 1L << 20;
    static final long RAM_BYTES = 512 * MIB;
    static final long HEAP_BASE = 0xffffc90000000000L;
    static final long HEAP_BYTES = 1024 * MIB;

    final FrameAllocator frames;
    final Mmu mmu;
    final VmmHeapMemory memory;

    HeapMachine() {
        this(System.getProperty("memwb.pfa", "bytemap"));
    }

    /**
     * The TLB: the machine's default (64 4 KiB entries, 4-way), or {@code -Dmemwb.tlb=ENTRIES,WAYS}
     * to see what a second-level TLB of that size would change.
     */
    static TlbConfig tlb() {
        String spec = System.getProperty("memwb.tlb");
        if (spec == null) {
            return TlbConfig.DEFAULT;
        }
        String[] p = spec.split(",");
        return new TlbConfig(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), TlbConfig.DEFAULT.entriesLarge(),
                TlbConfig.DEFAULT.waysLarge());
    }

    /** With frame allocator {@code pfa}: "bytemap" (the machine's default), "bitmap" or "buddy". */
    HeapMachine(String pfa) {
        SparseMemory ram = new SparseMemory(new MemoryMap(List.of(
                new MemoryRegion(0, 0x9f000, RegionType.USABLE),
                new MemoryRegion(0x9f000, 0x61000, RegionType.RESERVED),
                new MemoryRegion(MIB, RAM_BYTES - MIB, RegionType.USABLE))));
        frames = switch (pfa) {
            case "bitmap" -> BitmapFrameAllocator.create(ram, 2 * MIB, null, null);
            case "buddy" -> BuddyFrameAllocator.create(ram, 2 * MIB, null, null);
            default -> BytemapFrameAllocator.create(ram, 2 * MIB, null, null);
        };
        Vmms vmm = new Vmms();
        mmu = vmm.createMmu(ram, new Paging4Level(), ControlRegisters.forMode("4-level"), tlb());
        AddressSpace kernel = vmm.createKernelSpace(mmu, frames);
        mmu.setCr3(kernel.cr3());
        memory = new VmmHeapMemory(() -> mmu, () -> kernel, HEAP_BASE, HEAP_BASE + HEAP_BYTES);
    }
}
