package memwb.vmm;

import memwb.api.ram.PhysicalAccessException;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.ControlRegisters;

/**
 * QEMU's x86 {@code info tlb} and {@code info mem} (target/i386/monitor.c, qemu-system-x86_64),
 * reproduced from the registers and RAM alone so the two outputs can be diffed line by line.
 *
 * <p>Kept as QEMU prints them: {@code info tlb} prints "pte & mask" with QEMU's per-mode masks (so a
 * PAE entry's NX bit shows inside the address column, a 4 MiB page shows no PSE-36 bits, long-mode
 * addresses are cut at bit 49); addresses go through QEMU's addr_canonical; {@code info mem} merges
 * runs of equal U/S, R/W and P, including across the non-present gap ends QEMU prints.
 *
 * <p>Not kept: QEMU's 5-level {@code info mem} tests PDPTE and PDE present bits the wrong way round
 * (it skips present entries); here 5-level is 4-level with one more level. {@code info mem} never
 * shows NX; the verbose listing adds it as a fourth column ({@code urwx}).
 *
 * <p>Entries read outside installed RAM count as 0 (not present), so a wild entry cannot abort a listing.
 */
final class QemuMonitor {
    private static final long PG_PRESENT = 1L;
    private static final long PG_RW = 1L << 1;
    private static final long PG_USER = 1L << 2;
    private static final long PG_PWT = 1L << 3;
    private static final long PG_PCD = 1L << 4;
    private static final long PG_ACCESSED = 1L << 5;
    private static final long PG_DIRTY = 1L << 6;
    private static final long PG_PSE = 1L << 7;
    private static final long PG_GLOBAL = 1L << 8;
    private static final long PG_NX = 1L << 63;
    /** QEMU's mask for table addresses in 8-byte entries: bits 49:12. */
    private static final long ADDR_MASK = 0x3fffffffff000L;
    private static final long MASK_1G = 0x3ffffc0000000L;
    private static final long MASK_2M = 0x3ffffffe00000L;
    /** ~((1 << 21) - 1) as an int, sign-extended to 64 bits by C's conversion. */
    private static final long MASK_4M_32 = 0xffffffffffe00000L;
    /** ~((hwaddr)(1 << 20) - 1): keeps bit 20 and everything above it, NX included. */
    private static final long MASK_2M_PAE = 0xfffffffffff00000L;
    private static final long MASK_4K = 0xfffffffffffff000L;
    private static final int PROT_BITS = (int) (PG_USER | PG_RW | PG_PRESENT);
    /** The verbose listing's extra prot bit: XD set at some level (with EFER.NXE). */
    private static final int PROT_NX = 1 << 3;

    private QemuMonitor() {
    }

    static String infoTlb(PhysicalMemory ram, ControlRegisters regs) {
        if (!regs.paging()) {
            return "PG disabled\n";
        }
        Out out = new Out(ram, regs.la57());
        if (regs.pae()) {
            if ((regs.efer() & ControlRegisters.EFER_LMA) != 0) {
                if (regs.la57()) {
                    long pml5 = regs.cr3() & ADDR_MASK;
                    for (long l0 = 0; l0 < 512; l0++) {
                        long pml5e = out.ld64(pml5 + l0 * 8);
                        if ((pml5e & PG_PRESENT) != 0) {
                            tlbLa48(out, l0, pml5e & ADDR_MASK);
                        }
                    }
                } else {
                    tlbLa48(out, 0, regs.cr3() & ADDR_MASK);
                }
            } else {
                tlbPae32(out, regs.cr3());
            }
        } else {
            tlb32(out, regs);
        }
        return out.text();
    }

    private static void tlb32(Out out, ControlRegisters regs) {
        long pgd = regs.cr3() & 0xfffff000L;
        for (long l1 = 0; l1 < 1024; l1++) {
            long pde = out.ld32(pgd + l1 * 4);
            if ((pde & PG_PRESENT) == 0) {
                continue;
            }
            if ((pde & PG_PSE) != 0 && regs.pse()) {
                out.pte(l1 << 22, pde, MASK_4M_32);
            } else {
                for (long l2 = 0; l2 < 1024; l2++) {
                    long pte = out.ld32((pde & 0xfffff000L) + l2 * 4);
                    if ((pte & PG_PRESENT) != 0) {
                        out.pte((l1 << 22) + (l2 << 12), pte & ~PG_PSE, MASK_4K);
                    }
                }
            }
        }
    }

    private static void tlbPae32(Out out, long cr3) {
        long pdp = cr3 & ~0x1fL;
        for (long l1 = 0; l1 < 4; l1++) {
            long pdpe = out.ld64(pdp + l1 * 8);
            if ((pdpe & PG_PRESENT) == 0) {
                continue;
            }
            long pd = pdpe & ADDR_MASK;
            for (long l2 = 0; l2 < 512; l2++) {
                long pde = out.ld64(pd + l2 * 8);
                if ((pde & PG_PRESENT) == 0) {
                    continue;
                }
                if ((pde & PG_PSE) != 0) {
                    out.pte((l1 << 30) + (l2 << 21), pde, MASK_2M_PAE);
                } else {
                    long pt = pde & ADDR_MASK;
                    for (long l3 = 0; l3 < 512; l3++) {
                        long pte = out.ld64(pt + l3 * 8);
                        if ((pte & PG_PRESENT) != 0) {
                            out.pte((l1 << 30) + (l2 << 21) + (l3 << 12), pte & ~PG_PSE, MASK_4K);
                        }
                    }
                }
            }
        }
    }

    private static void tlbLa48(Out out, long l0, long pml4) {
        for (long l1 = 0; l1 < 512; l1++) {
            long pml4e = out.ld64(pml4 + l1 * 8);
            if ((pml4e & PG_PRESENT) == 0) {
                continue;
            }
            long pdp = pml4e & ADDR_MASK;
            for (long l2 = 0; l2 < 512; l2++) {
                long pdpe = out.ld64(pdp + l2 * 8);
                if ((pdpe & PG_PRESENT) == 0) {
                    continue;
                }
                long va2 = (l0 << 48) + (l1 << 39) + (l2 << 30);
                if ((pdpe & PG_PSE) != 0) {
                    out.pte(va2, pdpe, MASK_1G);
                    continue;
                }
                long pd = pdpe & ADDR_MASK;
                for (long l3 = 0; l3 < 512; l3++) {
                    long pde = out.ld64(pd + l3 * 8);
                    if ((pde & PG_PRESENT) == 0) {
                        continue;
                    }
                    if ((pde & PG_PSE) != 0) {
                        out.pte(va2 + (l3 << 21), pde, MASK_2M);
                        continue;
                    }
                    long pt = pde & ADDR_MASK;
                    for (long l4 = 0; l4 < 512; l4++) {
                        long pte = out.ld64(pt + l4 * 8);
                        if ((pte & PG_PRESENT) != 0) {
                            out.pte(va2 + (l3 << 21) + (l4 << 12), pte & ~PG_PSE, ADDR_MASK);
                        }
                    }
                }
            }
        }
    }

    /** {@code info mem}, or with {@code verbose} the {@code urwx} listing with NX. */
    static String infoMem(PhysicalMemory ram, ControlRegisters regs, boolean verbose) {
        if (!regs.paging()) {
            return "PG disabled\n";
        }
        Out out = new Out(ram, regs.la57());
        Runs runs = new Runs(out, verbose, verbose && regs.nxe());
        if (regs.pae()) {
            if ((regs.efer() & ControlRegisters.EFER_LMA) != 0) {
                if (regs.la57()) {
                    long pml5 = regs.cr3() & ADDR_MASK;
                    for (long l0 = 0; l0 < 512; l0++) {
                        long pml5e = out.ld64(pml5 + l0 * 8);
                        if ((pml5e & PG_PRESENT) == 0) {
                            runs.print(l0 << 48, 0);
                            continue;
                        }
                        memLa48(runs, out, l0, pml5e & ADDR_MASK, pml5e);
                    }
                    runs.print(1L << 57, 0);
                } else {
                    memLa48(runs, out, 0, regs.cr3() & ADDR_MASK, -1L & ~PG_NX);
                    runs.print(1L << 48, 0);
                }
            } else {
                memPae32(runs, out, regs.cr3());
            }
        } else {
            mem32(runs, out, regs);
        }
        return out.text();
    }

    private static void mem32(Runs runs, Out out, ControlRegisters regs) {
        long pgd = regs.cr3() & 0xfffff000L;
        for (long l1 = 0; l1 < 1024; l1++) {
            long pde = out.ld32(pgd + l1 * 4);
            long end = l1 << 22;
            if ((pde & PG_PRESENT) == 0) {
                runs.print(end, 0);
            } else if ((pde & PG_PSE) != 0 && regs.pse()) {
                runs.print(end, runs.prot(pde));
            } else {
                for (long l2 = 0; l2 < 1024; l2++) {
                    long pte = out.ld32((pde & 0xfffff000L) + l2 * 4);
                    end = (l1 << 22) + (l2 << 12);
                    runs.print(end, (pte & PG_PRESENT) != 0 ? runs.prot(pte & pde) : 0);
                }
            }
        }
        runs.print(1L << 32, 0);
    }

    private static void memPae32(Runs runs, Out out, long cr3) {
        long pdp = cr3 & ~0x1fL;
        for (long l1 = 0; l1 < 4; l1++) {
            long pdpe = out.ld64(pdp + l1 * 8);
            long end = l1 << 30;
            if ((pdpe & PG_PRESENT) == 0) {
                runs.print(end, 0);
                continue;
            }
            long pd = pdpe & ADDR_MASK;
            for (long l2 = 0; l2 < 512; l2++) {
                long pde = out.ld64(pd + l2 * 8);
                end = (l1 << 30) + (l2 << 21);
                if ((pde & PG_PRESENT) == 0) {
                    runs.print(end, 0);
                } else if ((pde & PG_PSE) != 0) {
                    runs.print(end, runs.prot(pde, pde));
                } else {
                    long pt = pde & ADDR_MASK;
                    for (long l3 = 0; l3 < 512; l3++) {
                        long pte = out.ld64(pt + l3 * 8);
                        end = (l1 << 30) + (l2 << 21) + (l3 << 12);
                        // U/S and R/W AND over PDE and PTE; XD ORs (the PDPTE has neither).
                        runs.print(end, (pte & PG_PRESENT) != 0 ? runs.prot(pte & pde, pte | pde) : 0);
                    }
                }
            }
        }
        runs.print(1L << 32, 0);
    }

    /**
     * QEMU's mem_info_la48 body under PML5 entry {@code l0} ({@code above}: the PML5 entry, or all
     * rights for 4-level). 5-level uses the same present tests as 4-level, which QEMU gets wrong.
     */
    private static void memLa48(Runs runs, Out out, long l0, long pml4, long above) {
        for (long l1 = 0; l1 < 512; l1++) {
            long pml4e = out.ld64(pml4 + l1 * 8);
            long end = (l0 << 48) + (l1 << 39);
            if ((pml4e & PG_PRESENT) == 0) {
                runs.print(end, 0);
                continue;
            }
            long pdp = pml4e & ADDR_MASK;
            for (long l2 = 0; l2 < 512; l2++) {
                long pdpe = out.ld64(pdp + l2 * 8);
                end = (l0 << 48) + (l1 << 39) + (l2 << 30);
                if ((pdpe & PG_PRESENT) == 0) {
                    runs.print(end, 0);
                    continue;
                }
                if ((pdpe & PG_PSE) != 0) {
                    runs.print(end, runs.prot(pdpe & pml4e & above, pdpe | pml4e | (above & PG_NX)));
                    continue;
                }
                long pd = pdpe & ADDR_MASK;
                for (long l3 = 0; l3 < 512; l3++) {
                    long pde = out.ld64(pd + l3 * 8);
                    end = (l0 << 48) + (l1 << 39) + (l2 << 30) + (l3 << 21);
                    if ((pde & PG_PRESENT) == 0) {
                        runs.print(end, 0);
                        continue;
                    }
                    if ((pde & PG_PSE) != 0) {
                        runs.print(end, runs.prot(pde & pdpe & pml4e & above, pde | pdpe | pml4e | (above & PG_NX)));
                        continue;
                    }
                    long pt = pde & ADDR_MASK;
                    for (long l4 = 0; l4 < 512; l4++) {
                        long pte = out.ld64(pt + l4 * 8);
                        end = (l0 << 48) + (l1 << 39) + (l2 << 30) + (l3 << 21) + (l4 << 12);
                        runs.print(end, (pte & PG_PRESENT) != 0
                                ? runs.prot(pte & pde & pdpe & pml4e & above, pte | pde | pdpe | pml4e | (above & PG_NX))
                                : 0);
                    }
                }
            }
        }
    }

    /** QEMU's mem_print: one line per run of equal protection, printed when the protection changes. */
    private static final class Runs {
        private final Out out;
        private final boolean verbose;
        private final boolean nxe;
        private long start = -1;
        private int lastProt;

        Runs(Out out, boolean verbose, boolean nxe) {
            this.out = out;
            this.verbose = verbose;
            this.nxe = nxe;
        }

        /** U/S, R/W and P of {@code anded} (ANDed over the levels); no NX. */
        int prot(long anded) {
            return (int) (anded & PROT_BITS);
        }

        /** As {@link #prot(long)}, plus in the verbose listing XD of {@code ored} (ORed over the levels). */
        int prot(long anded, long ored) {
            return prot(anded) | (nxe && (ored & PG_NX) != 0 ? PROT_NX : 0);
        }

        void print(long end, int prot) {
            if (prot == lastProt) {
                return;
            }
            if (start != -1) {
                out.sb.append(String.format("%016x-%016x %016x %c%c%c", out.canonical(start), out.canonical(end),
                        out.canonical(end - start), (lastProt & PG_USER) != 0 ? 'u' : '-', 'r',
                        (lastProt & PG_RW) != 0 ? 'w' : '-'));
                if (verbose) {
                    out.sb.append((lastProt & PROT_NX) != 0 ? '-' : 'x');
                }
                out.sb.append('\n');
            }
            start = prot != 0 ? end : -1;
            lastProt = prot;
        }
    }

    /** The output buffer, RAM reads that tolerate holes, and QEMU's print_pte and addr_canonical. */
    private static final class Out {
        final StringBuilder sb = new StringBuilder();
        private final PhysicalMemory ram;
        private final boolean la57;

        Out(PhysicalMemory ram, boolean la57) {
            this.ram = ram;
            this.la57 = la57;
        }

        long ld32(long pa) {
            try {
                return ram.read32(pa & 0xffffffffL) & 0xffffffffL;
            } catch (PhysicalAccessException e) {
                return 0;
            }
        }

        long ld64(long pa) {
            try {
                return ram.read64(pa);
            } catch (PhysicalAccessException e) {
                return 0;
            }
        }

        /** QEMU's addr_canonical: sign-extends from bit 47 (bit 56 with CR4.LA57), in every mode. */
        long canonical(long addr) {
            int bit = la57 ? 56 : 47;
            return (addr & (1L << bit)) != 0 ? addr | -(1L << (bit + 1)) : addr;
        }

        void pte(long addr, long pte, long mask) {
            sb.append(String.format("%016x: %016x %c%c%c%c%c%c%c%c%c\n", canonical(addr), pte & mask,
                    (pte & PG_NX) != 0 ? 'X' : '-', (pte & PG_GLOBAL) != 0 ? 'G' : '-', (pte & PG_PSE) != 0 ? 'P' : '-',
                    (pte & PG_DIRTY) != 0 ? 'D' : '-', (pte & PG_ACCESSED) != 0 ? 'A' : '-',
                    (pte & PG_PCD) != 0 ? 'C' : '-', (pte & PG_PWT) != 0 ? 'T' : '-', (pte & PG_USER) != 0 ? 'U' : '-',
                    (pte & PG_RW) != 0 ? 'W' : '-'));
        }

        String text() {
            return sb.toString();
        }
    }
}
