package memwb.machine;

import java.nio.file.Path;
import java.util.List;

import memwb.api.heap.HeapProvider;
import memwb.api.paging.PagingMode;
import memwb.api.pfa.FrameAllocatorProvider;
import memwb.gdt.GdtCodec;
import memwb.heap.freelist.FreeListHeapProvider;
import memwb.heap.tlsf.TlsfHeapProvider;
import memwb.paging.Paging32;
import memwb.paging.Paging4Level;
import memwb.paging.Paging5Level;
import memwb.paging.PagingPae;
import memwb.pfa.bitmap.BitmapProvider;
import memwb.pfa.buddy.BuddyProvider;
import memwb.pfa.bytemap.BytemapProvider;
import memwb.ram.MemoryMaps;
import memwb.ram.SparseMemoryFactoryComponent;
import memwb.vmm.Vmms;

/** A MachineManager wired by hand with the real implementations, as DS wires it in the framework. */
final class Machines {
    static final Path SCENARIOS = Path.of("../../scenarios");

    private Machines() {
    }

    static MachineManager manager() {
        Registry<FrameAllocatorProvider> allocators = Services.allocatorRegistry();
        allocators.add(new BytemapProvider(), 100);
        return manager(allocators);
    }

    static MachineManager manager(Registry<FrameAllocatorProvider> allocators) {
        return manager(allocators, Services.heapRegistry());
    }

    static MachineManager manager(Registry<FrameAllocatorProvider> allocators, Registry<HeapProvider> heaps) {
        Registry<PagingMode> modes = Services.pagingRegistry();
        for (PagingMode m : List.of(new Paging32(), new PagingPae(), new Paging4Level(), new Paging5Level())) {
            modes.add(m, 0);
        }
        return new MachineManager(new Services(new SparseMemoryFactoryComponent(), new MemoryMaps(), new GdtCodec(),
                new Vmms(), allocators, modes, heaps));
    }

    /** Every allocator and heap of the build, ranked as their components are. */
    static MachineManager everything() {
        return manager(allAllocators(), allHeaps());
    }

    static Registry<FrameAllocatorProvider> allAllocators() {
        Registry<FrameAllocatorProvider> allocators = Services.allocatorRegistry();
        allocators.add(new BytemapProvider(), 100);
        allocators.add(new BitmapProvider(), 50);
        allocators.add(new BuddyProvider(), 40);
        return allocators;
    }

    static Registry<HeapProvider> allHeaps() {
        Registry<HeapProvider> heaps = Services.heapRegistry();
        heaps.add(new TlsfHeapProvider(), 60);
        heaps.add(new FreeListHeapProvider(), 50);
        return heaps;
    }

    static Path resource(String name) {
        return Path.of("src/test/resources", name);
    }
}
