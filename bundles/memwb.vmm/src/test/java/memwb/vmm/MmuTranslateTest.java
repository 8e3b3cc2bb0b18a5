package memwb.vmm;

import static memwb.api.paging.EntryBits.A;
import static memwb.api.paging.EntryBits.D;
import static memwb.api.paging.EntryBits.P;
import static memwb.api.paging.EntryBits.RW;
import static memwb.api.paging.EntryBits.US;
import static memwb.api.paging.EntryBits.XD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import memwb.api.paging.PagingMode;
import memwb.api.vmm.Access;
import memwb.api.vmm.GeneralProtection;
import memwb.api.vmm.Mapped;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.PageFault;
import memwb.api.vmm.PageWalk;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;
import memwb.api.vmm.WalkStep;

/** Translation through real tables in RAM, in every mode. */
class MmuTranslateTest {
    private static final long PA = 0x345000;

    @ParameterizedTest
    @ValueSource(strings = {"32-bit", "pae", "4-level", "5-level"})
    void mappedPageTranslatesAndTheWalkSetsAccessedThenDirtyInRam(String name) {
        Rig rig = Rig.of(name);
        long va = Rig.kernelVa(rig.mode) + 0x5000;
        Rights rw = name.equals("32-bit") ? Rights.parse("wx") : Rights.parse("w");
        rig.kernel.map(va, PA, 0x1000, rw);
        PageWalk before = rig.mmu.walk(va);
        for (WalkStep s : before.steps()) {
            assertEquals(0, s.entry() & A, s.levelName() + " starts with A clear");
        }
        assertEquals(PA + 0x123, rig.mmu.translate(va + 0x123, Access.READ, Privilege.SUPERVISOR));
        PageWalk after = rig.mmu.walk(va);
        for (WalkStep s : after.steps()) {
            boolean hasA = rig.mode.controlsRights(s.level());
            assertEquals(hasA, (s.entry() & A) != 0, s.levelName() + " has A after the walk");
        }
        WalkStep leaf = after.steps().get(after.steps().size() - 1);
        assertEquals(0, leaf.entry() & D, "a read leaves D clear");
        long expectedPte = PA | P | RW | A | (name.equals("32-bit") ? 0 : XD);
        assertEquals(expectedPte, leaf.entry());
        // The entry is real little-endian bytes in RAM.
        for (int b = 0; b < rig.mode.entrySize(); b++) {
            assertEquals((int) (expectedPte >>> (8 * b)) & 0xff, rig.ram.read8(leaf.entryAddress() + b));
        }
        rig.mmu.translate(va, Access.WRITE, Privilege.SUPERVISOR);
        assertEquals(expectedPte | D, rig.mode.readEntry(rig.ram, leaf.entryAddress()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"32-bit", "pae", "4-level", "5-level"})
    void unmappedAddressFaultsNotPresentAndSetsCr2(String name) {
        Rig rig = Rig.of(name);
        long va = Rig.kernelVa(rig.mode) + 0x7000;
        long r = rig.mmu.translate(va, Access.WRITE, Privilege.SUPERVISOR);
        assertTrue(Mmu.isFault(r));
        assertFalse(Mmu.isGeneralProtection(r));
        assertEquals(PageFault.W, Mmu.errorCode(r));
        assertEquals(va, rig.regs.cr2());
        PageFault pf = assertInstanceOf(PageFault.class,
                rig.mmu.translateDetailed(va, Access.READ, Privilege.USER));
        assertEquals(PageFault.U, pf.errorCode());
        assertEquals("#PF: user read access in user mode", pf.linuxAccessLine());
        assertEquals("#PF: error_code(0x0004) - not-present page", pf.linuxErrorLine());
        assertTrue(pf.reason().startsWith("not present: " + rig.mode.levelName(rig.mode.levels())), pf.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"4-level", "5-level"})
    void nonCanonicalAddressIsAGeneralProtectionFaultNotAPageFault(String name) {
        Rig rig = Rig.of(name);
        long va = name.equals("4-level") ? 0x0000800000000000L : 0x0100000000000000L;
        rig.regs.setCr2(0x1234);
        assertEquals(Mmu.GENERAL_PROTECTION, rig.mmu.translate(va, Access.READ, Privilege.SUPERVISOR));
        assertEquals(0x1234, rig.regs.cr2(), "a #GP leaves CR2 alone");
        GeneralProtection gp = assertInstanceOf(GeneralProtection.class,
                rig.mmu.translateDetailed(va, Access.READ, Privilege.SUPERVISOR));
        assertTrue(gp.reason().contains("not canonical"), gp.reason());
        assertEquals(String.format("general protection fault, probably for non-canonical address 0x%x: 0000", va),
                gp.linuxLine());
    }

    @ParameterizedTest
    @ValueSource(strings = {"32-bit", "pae", "4-level", "5-level"})
    void largestPagesAreUsedWhereAlignmentAllows(String name) {
        Rig rig = Rig.of(name, 64 * Rig.MIB, memwb.api.vmm.TlbConfig.DEFAULT);
        PagingMode m = rig.mode;
        long large = m.pageSizes()[1];
        long va = Rig.kernelVa(m);
        Rights r = name.equals("32-bit") ? Rights.parse("wx") : Rights.parse("w");
        // One large page plus one 4 KiB page after it.
        rig.kernel.map(va, large, large + 0x1000, r);
        Mapped first = assertInstanceOf(Mapped.class, rig.mmu.translateDetailed(va + 0x1234, Access.READ,
                Privilege.SUPERVISOR));
        assertEquals(large, first.pageSize());
        assertEquals(large + 0x1234, first.pa());
        Mapped second = assertInstanceOf(Mapped.class, rig.mmu.translateDetailed(va + large, Access.READ,
                Privilege.SUPERVISOR));
        assertEquals(0x1000, second.pageSize());
        assertEquals(List.of(large, 0x1000L), rig.kernel.mappings().stream().map(x -> x.size()).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"32-bit", "pae", "4-level", "5-level"})
    void pagingOffMeansLinearIsPhysical(String name) {
        Rig rig = Rig.of(name);
        rig.mmu.setCr0(rig.regs.cr0() & ~memwb.api.vmm.ControlRegisters.CR0_PG);
        assertEquals(0x1234567L, rig.mmu.translate(0x1234567L, Access.WRITE, Privilege.USER));
        assertEquals("PG disabled\n", rig.mmu.infoTlb());
        assertEquals(PageWalk.Outcome.PAGING_DISABLED, rig.mmu.walk(0x1000).outcome());
    }

    @ParameterizedTest
    @ValueSource(strings = {"32-bit", "pae", "4-level", "5-level"})
    void userAndSupervisorBitsComeFromTheRights(String name) {
        Rig rig = Rig.of(name);
        long va = 0x400000;
        Rights ux = Rights.parse("uwx");
        rig.kernel.map(va, PA, 0x1000, ux);
        assertEquals(PA, rig.mmu.translate(va, Access.FETCH, Privilege.USER));
        WalkStep leaf = rig.mmu.walk(va).steps().get(rig.mode.levels() - 1);
        assertEquals(PA | P | RW | US | A, leaf.entry());
    }
}
