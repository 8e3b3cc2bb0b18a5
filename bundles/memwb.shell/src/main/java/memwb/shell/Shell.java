package memwb.shell;

import memwb.api.machine.Machine;
import memwb.api.machine.MachineService;
import memwb.api.vmm.Mmu;

/** What every console command needs first: the booted machine, and its paging unit. */
final class Shell {
    private Shell() {
    }

    /** @throws IllegalStateException saying how to boot one when no machine is booted */
    static Machine machine(MachineService machines) {
        return machines.current().orElseThrow(() -> new IllegalStateException("no machine is booted (use boot FILE)"));
    }

    /** @throws IllegalStateException when the machine has paging off */
    static Mmu mmu(Machine m) {
        return m.mmu().orElseThrow(() -> new IllegalStateException("paging is off on this machine"));
    }
}
