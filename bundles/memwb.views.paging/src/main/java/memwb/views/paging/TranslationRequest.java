package memwb.views.paging;

import memwb.api.machine.Machine;
import memwb.api.vmm.Access;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.Privilege;

/** One access the user asked about: the typed address text, the access kind and the privilege. */
record TranslationRequest(String address, Access access, Privilege privilege) {
    /**
     * Runs the request against {@code machine}: an error report naming the input if it is not an
     * address of the machine's paging mode, or with no machine or paging off; else the full report.
     * Holds the machine's lock, as the machine's own swaps do, so the walk sees one state.
     */
    TranslationReport run(Machine machine) {
        if (machine == null) {
            return TranslationReport.error("no machine: boot one first");
        }
        if (machine.mmu().isEmpty()) {
            return TranslationReport.error("paging is off: linear address " + address + " is the physical address");
        }
        synchronized (machine) {
            Mmu mmu = machine.mmu().get();
            long va;
            try {
                va = TranslationReport.parse(address, mmu);
            } catch (IllegalArgumentException e) {
                return TranslationReport.error(e.getMessage());
            }
            return TranslationReport.of(mmu, va, access, privilege);
        }
    }
}
