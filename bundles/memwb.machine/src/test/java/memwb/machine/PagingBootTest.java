package memwb.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import memwb.api.machine.MachineException;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;
import memwb.api.vmm.Access;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.Mapped;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.PageFault;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;
import memwb.api.vmm.Translation;

/** Boot, completed: the kernel mapped at its higher-half address with per-section rights, CR3 loaded. */
class PagingBootTest {
    static final long KERNEL_VA = 0xffffffff80000000L;
    static final long TEXT_PA = 0x1000000;
    static final long RODATA_OFFSET = 0x100000;
    static final long DATA_OFFSET = 0x140000;

    private static BootedMachine qemu128m() {
        return Machines.manager().boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
    }

    private static Translation access(Mmu mmu, long va, Access a, Privilege p) {
        return mmu.translateDetailed(va, a, p);
    }

    @Test
    void theKernelRunsAtMinus2GiBWithTextExecutableRodataReadOnlyAndDataNoExecute() {
        BootedMachine m = qemu128m();
        Mmu mmu = m.mmu().orElseThrow();
        assertEquals("4-level", m.pagingMode());
        assertEquals(KERNEL_VA, m.kernelVirtualBase());

        Translation text = access(mmu, KERNEL_VA + 0x1234, Access.FETCH, Privilege.SUPERVISOR);
        assertEquals(TEXT_PA + 0x1234, ((Mapped) text).pa());

        PageFault rodataWrite = (PageFault) access(mmu, KERNEL_VA + RODATA_OFFSET, Access.WRITE, Privilege.SUPERVISOR);
        assertEquals(0x3, rodataWrite.errorCode());
        assertEquals("#PF: supervisor write access in kernel mode", rodataWrite.linuxAccessLine());
        assertEquals("#PF: error_code(0x0003) - permissions violation", rodataWrite.linuxErrorLine());

        PageFault dataFetch = (PageFault) access(mmu, KERNEL_VA + DATA_OFFSET, Access.FETCH, Privilege.SUPERVISOR);
        assertEquals(0x11, dataFetch.errorCode(), "instruction fetch from a no-execute page: P and I/D");

        assertTrue(access(mmu, KERNEL_VA + DATA_OFFSET, Access.WRITE, Privilege.SUPERVISOR) instanceof Mapped);
        PageFault user = (PageFault) access(mmu, KERNEL_VA, Access.READ, Privilege.USER);
        assertEquals(0x5, user.errorCode(), "user read of a supervisor page: P and U/S");
    }

    @Test
    void lowMemoryIsIdentityMappedButPageZeroIsNotSoNullFaults() {
        Mmu mmu = qemu128m().mmu().orElseThrow();
        assertEquals(0xb8000L, ((Mapped) access(mmu, 0xb8000, Access.WRITE, Privilege.SUPERVISOR)).pa(), "VGA text buffer");
        PageFault nul = (PageFault) access(mmu, 0, Access.READ, Privilege.SUPERVISOR);
        assertEquals(0, nul.errorCode());
        assertEquals("#PF: error_code(0x0000) - not-present page", nul.linuxErrorLine());
    }

    @Test
    void registersAreSetAsLongModeNeedsThem() {
        BootedMachine m = qemu128m();
        ControlRegisters r = m.mmu().orElseThrow().registers();
        assertTrue(r.paging() && r.wp() && r.pae() && r.pge() && r.nxe());
        assertEquals(ControlRegisters.EFER_LME | ControlRegisters.EFER_LMA,
                r.efer() & (ControlRegisters.EFER_LME | ControlRegisters.EFER_LMA));
        long root = m.kernelSpace().orElseThrow().root();
        assertEquals(root, r.cr3() & ~0xfffL);
        assertEquals(Owner.PAGE_TABLES, m.frames().owner(root), "page tables come from the frame allocator");
        for (long table : m.kernelSpace().orElseThrow().tableFrames()) {
            assertEquals(FrameState.ALLOCATED, m.frames().state(table));
        }
    }

    @Test
    void theNotesOpenQuestionKernelTextReadOnlyFaultsWithWpAndNotWithout() {
        BootedMachine m = qemu128m();
        Mmu mmu = m.mmu().orElseThrow();
        assertTrue(access(mmu, KERNEL_VA, Access.WRITE, Privilege.SUPERVISOR) instanceof PageFault, "WP=1");
        mmu.setCr0(mmu.registers().cr0() & ~ControlRegisters.CR0_WP);
        assertTrue(access(mmu, KERNEL_VA, Access.WRITE, Privilege.SUPERVISOR) instanceof Mapped, "WP=0: supervisor writes ignore R/W");
    }

    @Test
    void everyModeBootsAndMapsTheKernelWhereItsPolicySays() {
        record Case(String paging, String higherHalf, long expectedBase) {
        }
        for (Case c : List.of(new Case("32-bit", null, 0xc0000000L), new Case("pae", null, 0xc0000000L),
                new Case("4-level", "notes", 0xffffffffe0000000L), new Case("5-level", null, KERNEL_VA),
                new Case("32-bit", "notes", 0xe0000000L), new Case("pae", "0xd0000000", 0xd0000000L))) {
            String spec = "{\"ram\": \"128M\", \"paging\": {\"mode\": \"" + c.paging() + "\""
                    + (c.higherHalf() == null ? "" : ", \"higherHalf\": \"" + c.higherHalf() + "\"") + "}}";
            BootedMachine m = Machines.manager().bootSpec(spec, c.paging() + ".json", Machines.SCENARIOS);
            assertEquals(c.expectedBase(), m.kernelVirtualBase(), c.toString());
            Translation t = access(m.mmu().orElseThrow(), c.expectedBase() + 0x10, Access.FETCH, Privilege.SUPERVISOR);
            assertEquals(TEXT_PA + 0x10, ((Mapped) t).pa(), c.toString());
            assertEquals(c.paging().equals("32-bit") || c.paging().equals("pae"), !m.longMode(), "GDT follows the mode");
        }
    }

    @Test
    void thirtyTwoBitPagingHasNoNxSoDataIsExecutable() {
        BootedMachine m = Machines.manager().bootSpec("{\"ram\": \"64M\", \"gdt\": \"flat32\"}", "x.json", Machines.SCENARIOS);
        assertEquals("32-bit", m.pagingMode());
        Translation t = access(m.mmu().orElseThrow(), 0xc0000000L + DATA_OFFSET, Access.FETCH, Privilege.SUPERVISOR);
        assertTrue(t instanceof Mapped, "no XD bit in 32-bit paging");
    }

    @Test
    void pagingOffLeavesLinearEqualPhysical() {
        BootedMachine m = Machines.manager().bootSpec("{\"ram\": \"64M\", \"paging\": {\"mode\": \"off\"}}", "x.json", Machines.SCENARIOS);
        assertEquals("off", m.pagingMode());
        assertTrue(m.mmu().isEmpty() && m.kernelSpace().isEmpty());
        assertEquals(TEXT_PA, m.kernelVirtualBase());
    }

    @Test
    void swappingTheAllocatorKeepsEveryTranslationAndNewTablesComeFromTheNewOne() {
        MachineManager manager = Machines.manager();
        BootedMachine m = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        String before = m.mmu().orElseThrow().infoMem();
        manager.useFrameAllocator("bytemap");
        assertEquals(before, m.mmu().orElseThrow().infoMem());
        long tablesBefore = m.frames().stats().allocated();
        m.kernelSpace().orElseThrow().map(0x40000000L, 0x2000000L, 0x1000, Rights.parse("w"));
        assertTrue(m.frames().stats().allocated() > tablesBefore, "new page tables were taken from the new allocator");
    }

    @Test
    void anExportBootsBackToTheSameMappingsFramesAndRegisters(@TempDir Path dir) throws Exception {
        MachineManager manager = Machines.manager();
        BootedMachine m = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        m.kernelSpace().orElseThrow().allocPages(0xffff800000000000L, 3, Rights.parse("w"), Owner.HEAP);
        String infoMem = m.mmu().orElseThrow().infoMem();
        String infoTlb = m.mmu().orElseThrow().infoTlb();
        long allocated = m.frames().stats().allocated();
        manager.export(dir);
        for (String f : List.of("ram.bin", "registers.json", "qemu.txt", "machine.json", "frames.json")) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }

        BootedMachine back = manager.bootImage(dir);
        assertEquals(infoMem, back.mmu().orElseThrow().infoMem());
        assertEquals(infoTlb, back.mmu().orElseThrow().infoTlb());
        assertEquals(allocated, back.frames().stats().allocated());
        assertEquals(m.mmu().orElseThrow().registers().cr3(), back.mmu().orElseThrow().registers().cr3());
        assertEquals(m.gdtr(), back.gdtr());
        assertEquals(0x00af9a000000ffffL, back.ram().read64(back.gdtr().base() + 8));
    }

    @Test
    void aCorruptImageIsRefusedNamingTheFileAndTheMachineStays(@TempDir Path dir) throws Exception {
        MachineManager manager = Machines.manager();
        BootedMachine m = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        manager.export(dir);
        Files.writeString(dir.resolve("frames.json"), "{\"frameCount\": 5, \"runs\": []}");
        MachineException e = assertThrows(MachineException.class, () -> manager.bootImage(dir));
        assertTrue(e.getMessage().contains("frames.json") && e.getMessage().contains("frameCount says 5"), e.getMessage());
        Files.delete(dir.resolve("registers.json"));
        e = assertThrows(MachineException.class, () -> manager.bootImage(dir));
        assertTrue(e.getMessage().contains("registers.json"), e.getMessage());
        assertEquals(m, manager.current().orElseThrow());
        assertTrue(assertThrows(MachineException.class, () -> manager.bootImage(dir.resolve("nowhere")))
                .getMessage().contains("machine.json"));
    }

    @Test
    void pagingSpecErrorsNameTheField() {
        MachineManager manager = Machines.manager();
        String msg = assertThrows(MachineException.class, () -> manager.bootSpec(
                "{\"ram\": \"64M\",\n \"paging\": {\"mode\": \"6-level\"}}", "p.json", Machines.SCENARIOS)).getMessage();
        assertTrue(msg.startsWith("p.json:2: field paging.mode: \"6-level\" is not a paging mode"), msg);
        msg = assertThrows(MachineException.class, () -> manager.bootSpec(
                "{\"ram\": \"64M\", \"gdt\": \"flat32\", \"paging\": {\"mode\": \"4-level\"}}", "p.json", Machines.SCENARIOS)).getMessage();
        assertTrue(msg.contains("field gdt: a flat32 GDT does not go with 4-level paging"), msg);
        msg = assertThrows(MachineException.class, () -> manager.bootSpec(
                "{\"ram\": \"64M\", \"paging\": {\"mode\": \"pae\", \"higherHalf\": \"x86-64\"}}", "p.json", Machines.SCENARIOS)).getMessage();
        assertTrue(msg.contains("field paging.higherHalf: 0xffffffff80000000 is not a pae linear address"), msg);
        msg = assertThrows(MachineException.class, () -> manager.bootSpec(
                "{\"ram\": \"64M\", \"paging\": {\"tlb\": {\"entries\": 48, \"ways\": 4}}}", "p.json", Machines.SCENARIOS)).getMessage();
        assertTrue(msg.contains("field paging.tlb") && msg.contains("power of two"), msg);
        msg = assertThrows(MachineException.class, () -> manager.bootSpec(
                "{\"ram\": \"64M\", \"paging\": {\"identityMap\": [{\"base\": \"0x1000\", \"length\": \"0x1000\", \"rights\": \"wq\"}]}}",
                "p.json", Machines.SCENARIOS)).getMessage();
        assertTrue(msg.contains("field paging.identityMap[0].rights: unknown right 'q'"), msg);
    }
}
