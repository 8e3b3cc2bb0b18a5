package memwb.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.vmm.Access;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.PageFault;
import memwb.api.vmm.PageWalk;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;

/** Page faults worded as Linux's show_fault_oops and dump_pagetable print them (arch/x86/mm/fault.c). */
class LinuxWordingTest {
    private static PageFault fault(Rig rig, long va, Access a, Privilege p) {
        return assertInstanceOf(PageFault.class, rig.mmu.translateDetailed(va, a, p));
    }

    @Test
    void nullPointerDereferenceInTheKernel() {
        Rig rig = Rig.of("4-level");
        PageFault pf = fault(rig, 0x10, Access.READ, Privilege.SUPERVISOR);
        assertEquals(List.of(
                "BUG: kernel NULL pointer dereference, address: 0000000000000010",
                "#PF: supervisor read access in kernel mode",
                "#PF: error_code(0x0000) - not-present page",
                "PGD 0",
                "CR2: 0000000000000010"), pf.linuxLines());
    }

    @Test
    void kernelInstructionFetchFromANoExecutePage() {
        Rig rig = Rig.of("4-level");
        long va = 0xffffffff81000000L;
        rig.kernel.map(va, 0x1000000, 0x1000, Rights.parse("w"));
        PageFault pf = fault(rig, va, Access.FETCH, Privilege.SUPERVISOR);
        assertEquals(0x11, pf.errorCode());
        PageWalk w = rig.mmu.walk(va);
        String dump = String.format("PGD %x P4D %x PUD %x PMD %x PTE %x", w.steps().get(0).entry(), w.steps().get(0).entry(),
                w.steps().get(1).entry(), w.steps().get(2).entry(), w.steps().get(3).entry());
        assertEquals(List.of(
                "BUG: unable to handle page fault for address: ffffffff81000000",
                "#PF: supervisor instruction fetch in kernel mode",
                "#PF: error_code(0x0011) - permissions violation",
                dump,
                "CR2: ffffffff81000000"), pf.linuxLines());
        assertEquals(0x8000000001000003L, w.steps().get(3).entry(), "P|RW|XD, A not set: the fetch was refused");
    }

    @Test
    void reservedBitViolation() {
        Rig rig = Rig.of("4-level");
        rig.kernel.map(0x400000, 0x800000, 0x1000, Rights.parse("w")); // XD set
        rig.mmu.setEfer(rig.regs.efer() & ~ControlRegisters.EFER_NXE); // bit 63 becomes reserved
        PageFault pf = fault(rig, 0x400000, Access.WRITE, Privilege.SUPERVISOR);
        assertEquals(0xb, pf.errorCode());
        assertEquals("#PF: error_code(0x000b) - reserved bit violation", pf.linuxErrorLine());
        assertEquals(true, pf.reason().startsWith("reserved bits 0x8000000000000000 set in PT entry"), pf.reason());
    }

    @Test
    void psInAPml4eOrPml5eIsAReservedBit() {
        for (String mode : new String[] {"4-level", "5-level"}) {
            Rig rig = Rig.of(mode);
            rig.kernel.map(0x400000, 0x800000, 0x1000, Rights.parse("w"));
            long top = rig.kernel.root(); // entry 0 of the root covers 0x400000
            rig.mode.writeEntry(rig.ram, top, rig.mode.readEntry(rig.ram, top) | 0x80);
            PageFault pf = fault(rig, 0x400000, Access.READ, Privilege.SUPERVISOR);
            assertEquals(0x9, pf.errorCode(), mode);
            assertEquals("#PF: error_code(0x0009) - reserved bit violation", pf.linuxErrorLine());
        }
        // In a PAE PDPTE, R/W is reserved.
        Rig pae = Rig.of("pae");
        pae.kernel.map(0x400000, 0x800000, 0x1000, Rights.parse("w"));
        pae.mode.writeEntry(pae.ram, pae.kernel.root(), pae.mode.readEntry(pae.ram, pae.kernel.root()) | 0x2);
        assertEquals(0x9, fault(pae, 0x400000, Access.READ, Privilege.SUPERVISOR).errorCode());
        // A 2 MiB PDE with bit 13 set.
        Rig four = Rig.of("4-level");
        four.kernel.map(0x200000, 0x400000, 0x200000, Rights.parse("w"));
        long pde = four.mmu.walk(0x200000).steps().get(2).entryAddress();
        four.mode.writeEntry(four.ram, pde, four.mode.readEntry(four.ram, pde) | 0x2000);
        assertEquals(0xb, fault(four, 0x200000, Access.WRITE, Privilege.SUPERVISOR).errorCode());
    }

    @Test
    void userModeFaultsSayUser() {
        Rig rig = Rig.of("4-level");
        rig.kernel.map(0xffffffff80000000L, 0x200000, 0x1000, Rights.parse("x"));
        PageFault pf = fault(rig, 0xffffffff80000000L, Access.READ, Privilege.USER);
        assertEquals("#PF: user read access in user mode", pf.linuxAccessLine());
        assertEquals("#PF: error_code(0x0005) - permissions violation", pf.linuxErrorLine());
        assertEquals("BUG: unable to handle page fault for address: ffffffff80000000", pf.linuxLines().get(0));
    }

    @Test
    void thirtyTwoBitDumpAndPointerWidth() {
        Rig rig = Rig.of("32-bit");
        rig.kernel.map(0xc0000000L, 0x200000, 0x1000, Rights.parse("x"));
        PageFault pf = fault(rig, 0xc0001000L, Access.WRITE, Privilege.SUPERVISOR);
        long pde = rig.mmu.walk(0xc0000000L).steps().get(0).entry();
        assertEquals(List.of(
                "BUG: unable to handle page fault for address: c0001000",
                "#PF: supervisor write access in kernel mode",
                "#PF: error_code(0x0002) - not-present page",
                String.format("*pde = %08x *pte = 00000000", pde),
                "CR2: 00000000c0001000"), pf.linuxLines());
        // Without SMEP, 32-bit paging never sets I/D, even for a fetch.
        PageFault fetch = fault(rig, 0xc0001000L, Access.FETCH, Privilege.SUPERVISOR);
        assertEquals(0x0, fetch.errorCode());
        assertEquals("#PF: supervisor read access in kernel mode", fetch.linuxAccessLine());
    }

    @Test
    void paeDumpShowsThePdpte() {
        Rig rig = Rig.of("pae");
        PageFault pf = fault(rig, 0xc0000000L, Access.READ, Privilege.SUPERVISOR);
        assertEquals("*pdpt = 0000000000000000", pf.pageTableDump());
        rig.kernel.map(0xc0000000L, 0x200000, 0x200000, Rights.parse("w"));
        PageWalk w = rig.mmu.walk(0xc0000000L);
        PageFault large = fault(rig, 0xc0000000L, Access.FETCH, Privilege.SUPERVISOR);
        assertEquals(String.format("*pdpt = %016x *pde = %016x", w.steps().get(0).entry(), w.steps().get(1).entry()),
                large.pageTableDump());
    }

    @Test
    void fiveLevelDumpHasARealP4d() {
        Rig rig = Rig.of("5-level");
        rig.kernel.map(0x400000, 0x800000, 0x1000, Rights.parse("w"));
        PageFault pf = fault(rig, 0x600000, Access.READ, Privilege.SUPERVISOR);
        PageWalk w = rig.mmu.walk(0x400000);
        assertEquals(String.format("PGD %x P4D %x PUD %x PMD 0", w.steps().get(0).entry(), w.steps().get(1).entry(),
                w.steps().get(2).entry()), pf.pageTableDump());
    }
}
