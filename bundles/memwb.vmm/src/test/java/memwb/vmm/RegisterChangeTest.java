package memwb.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import memwb.api.vmm.Access;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.PageFault;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;
import memwb.api.vmm.TlbConfig;

/**
 * The MMU hears of register changes from the registers themselves (a change listener) instead of
 * checking their version on every translate: a set made straight on the registers, with the TLB hot,
 * takes effect on the very next translate.
 */
class RegisterChangeTest {
    private static final long USER_VA = 0x400000;
    private static final long USER_PA = 0x500000;

    @ParameterizedTest
    @ValueSource(strings = {"32-bit", "pae", "4-level", "5-level"})
    void aRegisterSetStraightOnTheRegistersCountsOnTheNextHit(String name) {
        Rig rig = Rig.of(name);
        long text = Rig.kernelVa(rig.mode);
        rig.kernel.map(text, Rig.KERNEL_PHYS, 0x1000, Rights.parse("x")); // read-only kernel text
        rig.kernel.map(USER_VA, USER_PA, 0x1000, Rights.parse("wux"));
        rig.regs.setCr0(rig.regs.cr0() & ~ControlRegisters.CR0_WP);
        assertEquals(Rig.KERNEL_PHYS, rig.mmu.translate(text, Access.WRITE, Privilege.SUPERVISOR), "WP=0: allowed");
        assertEquals(USER_PA, rig.mmu.translate(USER_VA, Access.READ, Privilege.SUPERVISOR), "no SMAP: allowed");
        long hits = rig.mmu.tlbStats().hits();
        assertEquals(Rig.KERNEL_PHYS + 8, rig.mmu.translate(text + 8, Access.WRITE, Privilege.SUPERVISOR));
        assertEquals(hits + 1, rig.mmu.tlbStats().hits(), "the TLB is hot");

        rig.regs.setCr0(rig.regs.cr0() | ControlRegisters.CR0_WP);
        assertEquals(Mmu.FAULT | PageFault.P | PageFault.W, rig.mmu.translate(text + 8, Access.WRITE, Privilege.SUPERVISOR));
        rig.regs.setCr4(rig.regs.cr4() | ControlRegisters.CR4_SMAP);
        assertEquals(Mmu.FAULT | PageFault.P, rig.mmu.translate(USER_VA + 8, Access.READ, Privilege.SUPERVISOR));
        rig.regs.setRflags(rig.regs.rflags() | ControlRegisters.RFLAGS_AC);
        assertEquals(USER_PA + 16, rig.mmu.translate(USER_VA + 16, Access.READ, Privilege.SUPERVISOR), "AC=1 lets it through");
        rig.regs.setRflags(rig.regs.rflags() & ~ControlRegisters.RFLAGS_AC);
        assertEquals(Mmu.FAULT | PageFault.P, rig.mmu.translate(USER_VA + 16, Access.READ, Privilege.SUPERVISOR));
        assertEquals(USER_VA + 16, rig.regs.cr2(), "the fault set CR2");
    }

    @Test
    void clearingPagingStraightOnTheRegistersTranslatesIdentityAtOnceAndSettingItAgainUsesTheTlb() {
        Rig rig = Rig.of("4-level");
        rig.kernel.map(USER_VA, USER_PA, 0x1000, Rights.parse("wux"));
        assertEquals(USER_PA, rig.mmu.translate(USER_VA, Access.READ, Privilege.USER));
        long cr0 = rig.regs.cr0();

        rig.regs.setCr0(cr0 & ~ControlRegisters.CR0_PG);
        assertEquals(USER_VA + 8, rig.mmu.translate(USER_VA + 8, Access.READ, Privilege.USER), "paging off: identity");
        rig.regs.setCr0(cr0);
        long misses = rig.mmu.tlbStats().misses();
        assertEquals(USER_PA + 8, rig.mmu.translate(USER_VA + 8, Access.READ, Privilege.USER));
        assertEquals(misses, rig.mmu.tlbStats().misses(), "the entry filled before is still there (no MOV, no flush)");
    }

    @Test
    void copyingRegistersInCountsOnTheNextHitAsWell() {
        Rig rig = Rig.of("4-level");
        rig.kernel.map(USER_VA, USER_PA, 0x1000, Rights.parse("wux"));
        assertEquals(USER_PA, rig.mmu.translate(USER_VA, Access.READ, Privilege.SUPERVISOR));
        ControlRegisters smap = rig.regs.copy();
        smap.setCr4(smap.cr4() | ControlRegisters.CR4_SMAP);

        rig.regs.copyFrom(smap);
        assertEquals(Mmu.FAULT | PageFault.P, rig.mmu.translate(USER_VA, Access.READ, Privilege.SUPERVISOR));
    }

    @Test
    void twoMmusOverTheSameRegistersBothSeeAChange() {
        Rig rig = Rig.of("4-level");
        rig.kernel.map(USER_VA, USER_PA, 0x1000, Rights.parse("wux"));
        Mmu other = new Vmms().createMmu(rig.ram, rig.mode, rig.regs, TlbConfig.DEFAULT);
        for (Mmu m : List.of(rig.mmu, other)) {
            assertEquals(USER_PA, m.translate(USER_VA, Access.READ, Privilege.SUPERVISOR));
            assertEquals(USER_PA, m.translate(USER_VA, Access.READ, Privilege.SUPERVISOR), "a hit");
        }

        rig.regs.setCr4(rig.regs.cr4() | ControlRegisters.CR4_SMAP);
        for (Mmu m : List.of(rig.mmu, other)) {
            assertEquals(Mmu.FAULT | PageFault.P, m.translate(USER_VA, Access.READ, Privilege.SUPERVISOR));
        }
    }

    @Test
    void aListenerHearsEverySetButOfCr2AndNotAfterItIsRemoved() {
        ControlRegisters r = new ControlRegisters();
        List<Long> heard = new ArrayList<>();
        Runnable listener = () -> heard.add(r.version());
        r.addChangeListener(listener);

        r.setCr0(1);
        r.setCr2(2);
        r.setCr3(0x1000);
        r.setCr4(ControlRegisters.CR4_PAE);
        r.setEfer(ControlRegisters.EFER_NXE);
        r.setRflags(ControlRegisters.RFLAGS_FIXED);
        r.copyFrom(ControlRegisters.forMode("4-level"));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), heard, "each heard after the version moved; CR2 not at all");
        assertTrue(r.copy().equals(r));
        r.copy().setCr3(0x2000);
        assertEquals(6, heard.size(), "a copy does not take the listeners along");

        r.removeChangeListener(listener);
        r.setCr3(0x3000);
        assertEquals(6, heard.size());
    }

    @Test
    void aNullListenerIsRefusedByName() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new ControlRegisters().addChangeListener(null));
        assertEquals("listener", e.getMessage());
    }
}
