package memwb.views.paging;

import java.util.List;

import memwb.api.machine.Machine;
import memwb.api.vmm.AddressSpace;

/** The runs of the kernel space at one machine version, with a header line. */
record VirtualMemorySnapshot(String header, List<VirtualRun> runs) {
    VirtualMemorySnapshot {
        runs = List.copyOf(runs);
    }

    /** Reads every present leaf of the machine's kernel space and merges them into runs. */
    static VirtualMemorySnapshot read(Machine machine) {
        if (machine == null) {
            return new VirtualMemorySnapshot("no machine", List.of());
        }
        if (machine.kernelSpace().isEmpty()) {
            return new VirtualMemorySnapshot("paging is off: nothing is mapped, linear addresses are physical",
                    List.of());
        }
        AddressSpace space = machine.kernelSpace().get();
        List<VirtualRun> runs = VirtualRun.of(space.mappings());
        long bytes = runs.stream().mapToLong(VirtualRun::size).sum();
        return new VirtualMemorySnapshot(String.format("kernel space, %s paging, root 0x%x: %d runs, %s mapped",
                space.mode().name(), space.root(), runs.size(), Sizes.name(bytes)), runs);
    }
}
