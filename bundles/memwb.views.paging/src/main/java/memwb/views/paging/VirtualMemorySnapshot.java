package memwb.views.paging;

import java.util.List;

import memwb.api.machine.Machine;
import memwb.api.vmm.AddressSpace;

/** The runs of the kernel space (and the user half it shares) at one machine version, with a header line. */
record VirtualMemorySnapshot(String header, List<VirtualRun> runs, long kernelHalf) {
    VirtualMemorySnapshot {
        runs = List.copyOf(runs);
    }

    /** Reads every present leaf of the machine's kernel space and merges them into runs. */
    static VirtualMemorySnapshot read(Machine machine) {
        if (machine == null) {
            return new VirtualMemorySnapshot("no machine", List.of(), 0);
        }
        if (machine.kernelSpace().isEmpty()) {
            return new VirtualMemorySnapshot("paging is off: nothing is mapped, linear addresses are physical",
                    List.of(), 0);
        }
        AddressSpace space = machine.kernelSpace().get();
        List<VirtualRun> runs = VirtualRun.of(space.mappings());
        long bytes = runs.stream().mapToLong(VirtualRun::size).sum();
        return new VirtualMemorySnapshot(String.format("kernel space (%s paging, root 0x%x): %d runs, %s mapped; "
                + "kernel half from 0x%x", space.mode().name(), space.root(), runs.size(), Sizes.name(bytes),
                space.kernelHalfStart()), runs, space.kernelHalfStart());
    }
}
