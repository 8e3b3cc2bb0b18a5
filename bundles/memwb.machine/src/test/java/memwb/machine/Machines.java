package memwb.machine;

import java.nio.file.Path;

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
        AllocatorRegistry registry = new AllocatorRegistry();
        registry.add(new BytemapProvider(), 100);
        return new MachineManager(new SparseMemoryFactoryComponent(), new MemoryMaps(), new GdtCodec(), registry);
    }

    static Path resource(String name) {
        return Path.of("src/test/resources", name);
    }
}
