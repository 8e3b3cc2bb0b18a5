package memwb.vmm;

import static memwb.api.paging.EntryBits.P;

import memwb.api.paging.PagingMode;
import memwb.api.ram.PhysicalAccessException;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.ControlRegisters;

/**
 * Linux's dump_pagetable() line for a faulting address (arch/x86/mm/fault.c): on x86-64
 * {@code PGD %lx P4D %lx PUD %lx PMD %lx PTE %lx}, stopping after a non-present or leaf entry (with
 * 4-level paging the P4D level is folded and repeats the PGD value); on 32-bit {@code *pde = %08x
 * *pte = %08x}; with PAE {@code *pdpt = %016x *pde = %016x *pte = %016x}. Linux ends each field with
 * a space; the trailing one is dropped here.
 */
final class LinuxDump {
    private LinuxDump() {
    }

    static String line(PagingMode mode, ControlRegisters regs, PhysicalMemory ram, long va) {
        StringBuilder sb = new StringBuilder();
        try {
            switch (mode.name()) {
                case "32-bit" -> dump32(mode, regs, ram, va, sb);
                case "pae" -> dumpPae(mode, regs, ram, va, sb);
                default -> dump64(mode, regs, ram, va, sb);
            }
        } catch (PhysicalAccessException e) {
            sb.append("BAD");
        }
        return sb.toString().stripTrailing();
    }

    private static void dump64(PagingMode mode, ControlRegisters regs, PhysicalMemory ram, long va, StringBuilder sb) {
        boolean pse = regs.pse();
        int level = mode.levels();
        long table = mode.rootTable(regs.cr3());
        long pgd = mode.readEntry(ram, table + 8L * mode.index(va, level));
        sb.append(String.format("PGD %x ", pgd));
        if ((pgd & P) == 0) {
            return;
        }
        long p4d = pgd;
        if (level == 5) {
            p4d = mode.readEntry(ram, mode.address(pgd, 5, pse) + 8L * mode.index(va, 4));
            level = 4;
        }
        sb.append(String.format("P4D %x ", p4d));
        if ((p4d & P) == 0) {
            return;
        }
        String[] names = {"", "PTE", "PMD", "PUD"};
        long entry = p4d;
        for (int l = 3; l >= 1; l--) {
            entry = mode.readEntry(ram, mode.address(entry, l + 1, pse) + 8L * mode.index(va, l));
            sb.append(String.format(l == 1 ? "%s %x" : "%s %x ", names[l], entry));
            if ((entry & P) == 0 || mode.isLeaf(entry, l, pse)) {
                return;
            }
        }
    }

    private static void dump32(PagingMode mode, ControlRegisters regs, PhysicalMemory ram, long va, StringBuilder sb) {
        boolean pse = regs.pse();
        long pde = mode.readEntry(ram, mode.rootTable(regs.cr3()) + 4L * mode.index(va, 2));
        sb.append(String.format("*pde = %08x ", pde));
        if ((pde & P) == 0 || mode.isLeaf(pde, 2, pse)) {
            return;
        }
        long pte = mode.readEntry(ram, mode.address(pde, 2, pse) + 4L * mode.index(va, 1));
        sb.append(String.format("*pte = %08x ", pte));
    }

    private static void dumpPae(PagingMode mode, ControlRegisters regs, PhysicalMemory ram, long va, StringBuilder sb) {
        long pdpt = mode.readEntry(ram, mode.rootTable(regs.cr3()) + 8L * mode.index(va, 3));
        sb.append(String.format("*pdpt = %016x ", pdpt));
        if ((pdpt & P) == 0) {
            return;
        }
        long pde = mode.readEntry(ram, mode.address(pdpt, 3, false) + 8L * mode.index(va, 2));
        sb.append(String.format("*pde = %016x ", pde));
        if ((pde & P) == 0 || mode.isLeaf(pde, 2, false)) {
            return;
        }
        long pte = mode.readEntry(ram, mode.address(pde, 2, false) + 8L * mode.index(va, 1));
        sb.append(String.format("*pte = %016x ", pte));
    }
}
