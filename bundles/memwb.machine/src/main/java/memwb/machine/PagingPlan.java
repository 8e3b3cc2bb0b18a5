package memwb.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import memwb.api.machine.KernelSection;
import memwb.api.vmm.HigherHalf;
import memwb.api.vmm.Rights;
import memwb.api.vmm.TlbConfig;

/**
 * The kernel address space a spec asks for: the paging mode, where the kernel is mapped (the
 * notes' higher-half formula, the x86-64 or 32-bit convention, or an address), the identity-mapped
 * ranges and the TLB geometry. Checked against the mode before anything is built.
 */
record PagingPlan(String mode, String higherHalf, long kernelBase, List<Identity> identity, TlbConfig tlb) {

    /** A range mapped at its own physical address. */
    record Identity(long base, long length, Rights rights) {
    }

    static final PagingPlan OFF = new PagingPlan("off", "none", 0, List.of(), TlbConfig.NONE);
    static final long PAGE = 4096;
    /** Low memory minus page 0: the BIOS data, EBDA and VGA text buffer stay reachable, NULL faults. */
    static final long DEFAULT_IDENTITY_BASE = 0x1000;
    static final long DEFAULT_IDENTITY_END = 0x100000;

    boolean enabled() {
        return !mode.equals("off");
    }

    /** 32-bit paging has no XD bit: everything it maps is executable. */
    boolean hasNoExecute() {
        return !mode.equals("32-bit");
    }

    static PagingPlan resolve(MachineSpec.Paging p, boolean longModeGdt, boolean gdtGiven, List<KernelSection> kernel,
            SpecSource source) {
        String mode = p == null || p.mode == null ? (longModeGdt || !gdtGiven ? "4-level" : "32-bit") : p.mode;
        if (!List.of("32-bit", "pae", "4-level", "5-level", "off").contains(mode)) {
            throw source.error("paging.mode", "\"" + mode + "\" is not a paging mode (32-bit, pae, 4-level, 5-level or off)");
        }
        if (mode.equals("off")) {
            return OFF;
        }
        boolean wide = mode.equals("4-level") || mode.equals("5-level");
        if (gdtGiven && wide != longModeGdt) {
            throw source.error("gdt", (longModeGdt ? "a long-mode GDT" : "a flat32 GDT") + " does not go with " + mode
                    + " paging (use " + (wide ? "\"long-mode\"" : "\"flat32\"") + ")");
        }
        long kernelSize = kernel.get(kernel.size() - 1).physEnd() - kernel.get(0).physStart();
        String policy = p == null || p.higherHalf == null ? (wide ? "x86-64" : "x86-32") : p.higherHalf;
        long base;
        try {
            base = switch (policy) {
                case "notes" -> HigherHalf.kernelBase(HigherHalf.Policy.NOTES, mode, kernelSize);
                case "x86-64" -> HigherHalf.kernelBase(HigherHalf.Policy.X86_64_CONVENTION, mode, kernelSize);
                case "x86-32" -> HigherHalf.kernelBase(HigherHalf.Policy.X86_32_CONVENTION, mode, kernelSize);
                default -> BootPlan.number(policy, source, "paging.higherHalf");
            };
        } catch (IllegalArgumentException e) {
            throw source.error("paging.higherHalf", e.getMessage());
        }
        if (base % PAGE != 0) {
            throw source.error("paging.higherHalf", String.format(Locale.ROOT, "0x%x is not 4 KiB aligned", base));
        }
        List<Identity> identity = new ArrayList<>();
        if (p == null || p.identityMap == null) {
            identity.add(new Identity(DEFAULT_IDENTITY_BASE, DEFAULT_IDENTITY_END - DEFAULT_IDENTITY_BASE,
                    new Rights(true, mode.equals("32-bit"), false, false)));
        } else {
            for (int i = 0; i < p.identityMap.size(); i++) {
                MachineSpec.IdentityRange r = p.identityMap.get(i);
                String field = "paging.identityMap[" + i + "]";
                if (r == null || r.base == null || r.length == null) {
                    throw source.error(field, "needs base and length");
                }
                Rights rights;
                try {
                    rights = Rights.parse(r.rights == null ? "w" : r.rights);
                } catch (IllegalArgumentException e) {
                    throw source.error(field + ".rights", e.getMessage());
                }
                if (mode.equals("32-bit") && !rights.executable()) {
                    rights = new Rights(rights.writable(), true, rights.user(), rights.global());
                }
                identity.add(new Identity(BootPlan.number(r.base, source, field + ".base"),
                        BootPlan.number(r.length, source, field + ".length"), rights));
            }
        }
        TlbConfig tlb;
        try {
            MachineSpec.Tlb t = p == null ? null : p.tlb;
            tlb = t == null ? TlbConfig.DEFAULT : new TlbConfig(
                    t.entries == null ? TlbConfig.DEFAULT.entries4k() : t.entries,
                    t.ways == null ? TlbConfig.DEFAULT.ways4k() : t.ways,
                    t.largeEntries == null ? TlbConfig.DEFAULT.entriesLarge() : t.largeEntries,
                    t.largeWays == null ? TlbConfig.DEFAULT.waysLarge() : t.largeWays);
        } catch (IllegalArgumentException e) {
            throw source.error("paging.tlb", e.getMessage());
        }
        return new PagingPlan(mode, policy, base, identity, tlb);
    }

    /**
     * A kernel section's rights as a mapping: "r-x" text, "r--" rodata, "rw-" data; supervisor and
     * global. 32-bit paging cannot say no-execute, so there every section is executable.
     */
    Rights sectionRights(KernelSection s) {
        boolean w = s.rights().charAt(1) == 'w';
        boolean x = s.rights().charAt(2) == 'x' || !hasNoExecute();
        return new Rights(w, x, false, true);
    }
}
