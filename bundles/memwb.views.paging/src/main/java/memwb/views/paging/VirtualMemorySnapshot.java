package memwb.views.paging;

import java.util.List;

import memwb.api.machine.Machine;
import memwb.api.machine.NamedSpace;
import memwb.api.vmm.AddressSpace;

/** The runs of the current address space (the one CR3 points at) at one machine version, with a header line. */
record VirtualMemorySnapshot(String header, List<VirtualRun> runs) {
    VirtualMemorySnapshot {
        runs = List.copyOf(runs);
    }

    /** Reads every present leaf of the machine's current space (kernel half included) and merges them into runs. */
    static VirtualMemorySnapshot read(Machine machine) {
        if (machine == null) {
            return new VirtualMemorySnapshot("no machine", List.of());
        }
        if (machine.kernelSpace().isEmpty()) {
            return new VirtualMemorySnapshot("paging is off: nothing is mapped, linear addresses are physical",
                    List.of());
        }
        if (machine.currentSpace().isEmpty()) {
            return new VirtualMemorySnapshot(PageTablesSnapshot.spaceName(machine) + " (CR3=0x"
                    + Long.toHexString(machine.mmu().orElseThrow().registers().cr3())
                    + "): load one with space use NAME; Page Tables shows the tables CR3 points at", List.of());
        }
        NamedSpace current = machine.currentSpace().get();
        AddressSpace space = current.space();
        List<VirtualRun> runs = VirtualRun.of(space.mappings());
        long bytes = runs.stream().mapToLong(VirtualRun::size).sum();
        return new VirtualMemorySnapshot(String.format("space %s, %s paging, root 0x%x: %d runs, %s mapped",
                current.name(), space.mode().name(), space.root(), runs.size(), Sizes.name(bytes)), runs);
    }
}
