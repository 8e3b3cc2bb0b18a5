package memwb.heap.support.testing;

import java.util.ArrayList;
import java.util.List;

import memwb.api.paging.PagingMode;
import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.api.ram.RegionType;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.TlbConfig;
import memwb.heap.support.VmmHeapMemory;
import memwb.paging.Paging32;
import memwb.paging.Paging4Level;
import memwb.paging.Paging5Level;
import memwb.paging.PagingPae;
import memwb.pfa.bytemap.BytemapFrameAllocator;
import memwb.ram.SparseMemoryFactoryComponent;

/**
 * A small machine core for heap tests, no OSGi: sparse RAM with a PC-like map, the notes' bytemap
 * frame allocator (bytemap below 2 MiB), the VMM in the named mode with registers loaded as
 * memwb.machine's MachineBuilder does (CR4 and EFER, then CR3, then CR0.PG), an empty kernel space,
 * and a {@link VmmHeapMemory} over a kernel-half heap range. Shared with every heap's tests through
 * this module's test-jar.
 */
public final class HeapRig {
    public static final long KIB = 1024;
    public static final long MIB = 1024 * KIB;
    public static final long PAGE = 4096;
    /** Where the frame allocator's bytemap ends and free frames begin to be handed out. */
    public static final long METADATA_BELOW = 2 * MIB;
    /** The heap's first address: Linux's vmalloc area in 4-level paging, 0xd0000000 in 32-bit modes. */
    public static final long HEAP_BASE_LONG = 0xffffc90000000000L;
    public static final long HEAP_BASE_32 = 0xd0000000L;
    public static final long DEFAULT_RAM = 64 * MIB;
    public static final long DEFAULT_HEAP = 64 * MIB;

    public final PhysicalMemory ram;
    public final FrameAllocator frames;
    public final AddressSpace kernel;
    public final VmmHeapMemory memory;
    private final Mmu mmu;
    private final List<Long> hogged = new ArrayList<>();

    private HeapRig(String modeName, long ramBytes, long heapBytes) {
        ram = new SparseMemoryFactoryComponent().create(pcMap(ramBytes));
        frames = BytemapFrameAllocator.create(ram, METADATA_BELOW, null, null);
        PagingMode mode = mode(modeName);
        ControlRegisters target = ControlRegisters.forMode(modeName);
        mmu = new memwb.vmm.Vmms().createMmu(ram, mode, new ControlRegisters(), TlbConfig.DEFAULT);
        mmu.setCr4(target.cr4());
        mmu.setEfer(target.efer() & ~ControlRegisters.EFER_LMA);
        kernel = new memwb.vmm.Vmms().createKernelSpace(mmu, frames);
        mmu.setCr3(kernel.cr3());
        mmu.setCr0(target.cr0());
        mmu.setEfer(target.efer());
        long base = mode.linearAddressBits() == 32 ? HEAP_BASE_32 : HEAP_BASE_LONG;
        memory = new VmmHeapMemory(() -> mmu, () -> kernel, base, base + heapBytes);
    }

    /** 4-level paging, 64 MiB of RAM, a 64 MiB heap range. */
    public static HeapRig standard() {
        return new HeapRig("4-level", DEFAULT_RAM, DEFAULT_HEAP);
    }

    /** Any mode ("32-bit", "pae", "4-level", "5-level"), RAM size and heap range size. */
    public static HeapRig of(String mode, long ramBytes, long heapBytes) {
        return new HeapRig(mode, ramBytes, heapBytes);
    }

    public Mmu mmu() {
        return mmu;
    }

    /** Free frames in the allocator now. */
    public long freeFrames() {
        return frames.stats().free();
    }

    /** Frames the allocator has handed to the heap now (owner HEAP), by scanning the allocator's runs. */
    public long heapFrames() {
        return frames.exportState().runs().stream().filter(r -> r.owner() == Owner.HEAP).mapToLong(r -> r.count()).sum();
    }

    /** Takes free frames (owner KERNEL_DATA) until only {@code left} remain, as another kernel user would. */
    public void leaveFreeFrames(long left) {
        while (freeFrames() > left) {
            hogged.add(frames.allocFrame(Owner.KERNEL_DATA));
        }
    }

    /** Gives back every frame {@link #leaveFreeFrames} took. */
    public void releaseHoggedFrames() {
        for (long f : hogged) {
            frames.freeFrame(f);
        }
        hogged.clear();
    }

    static MemoryMap pcMap(long ramBytes) {
        return new MemoryMap(List.of(
                new MemoryRegion(0, 0x9f000, RegionType.USABLE),
                new MemoryRegion(0x9f000, 0x61000, RegionType.RESERVED),
                new MemoryRegion(MIB, ramBytes - MIB, RegionType.USABLE)));
    }

    static PagingMode mode(String name) {
        return switch (name) {
            case "32-bit" -> new Paging32();
            case "pae" -> new PagingPae();
            case "4-level" -> new Paging4Level();
            case "5-level" -> new Paging5Level();
            default -> throw new IllegalArgumentException("unknown paging mode " + name);
        };
    }
}
