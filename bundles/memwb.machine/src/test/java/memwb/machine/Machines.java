package memwb.machine;

import java.nio.file.Path;
import java.util.List;

import memwb.api.paging.PagingMode;
import memwb.api.pfa.FrameAllocatorProvider;
import memwb.paging.Paging32;
import memwb.paging.Paging4Level;
import memwb.paging.Paging5Level;
import memwb.paging.PagingPae;
import memwb.vmm.Vmms;

import memwb.gdt.GdtCodec;
import memwb.pfa.bytemap.BytemapProvider;
import memwb.ram.MemoryMaps;
import memwb.ram.SparseMemoryFactoryComponent;

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
        Registry<PagingMode> modes = Services.pagingRegistry();
        for (PagingMode m : List.of(new Paging32(), new PagingPae(), new Paging4Level(), new Paging5Level())) {
            modes.add(m, 0);
        }
        return new MachineManager(new Services(new SparseMemoryFactoryComponent(), new MemoryMaps(), new GdtCodec(),
                new Vmms(), allocators, modes, Services.heapRegistry()));
    }

    static Path resource(String name) {
        return Path.of("src/test/resources", name);
    }
}
