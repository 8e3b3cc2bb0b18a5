package memwb.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import memwb.api.vmm.Access;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.Mapped;
import memwb.api.vmm.PageFault;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;

/**
 * The notes' open question: "Can I mark the pages the kernel is located on as read only so the
 * kernel can't be accidentally overwritten?" Yes, but only with CR0.WP=1: without it, supervisor
 * writes ignore R/W.
 */
class WriteProtectTest {
    @ParameterizedTest
    @ValueSource(strings = {"32-bit", "pae", "4-level", "5-level"})
    void kernelTextMappedReadOnlyFaultsOnASupervisorWriteOnlyWithWp(String name) {
        Rig rig = Rig.of(name);
        long text = Rig.kernelVa(rig.mode);
        rig.kernel.map(text, Rig.KERNEL_PHYS, 0x4000, Rights.parse("x")); // text: r-x
        rig.mmu.setCr0(rig.regs.cr0() | ControlRegisters.CR0_WP);
        PageFault pf = assertInstanceOf(PageFault.class,
                rig.mmu.translateDetailed(text + 0x10, Access.WRITE, Privilege.SUPERVISOR));
        assertEquals(0x3, pf.errorCode());
        assertEquals(text + 0x10, rig.regs.cr2());
        assertEquals("#PF: supervisor write access in kernel mode", pf.linuxAccessLine());
        assertEquals("#PF: error_code(0x0003) - permissions violation", pf.linuxErrorLine());

        rig.mmu.setCr0(rig.regs.cr0() & ~ControlRegisters.CR0_WP);
        Mapped ok = assertInstanceOf(Mapped.class,
                rig.mmu.translateDetailed(text + 0x10, Access.WRITE, Privilege.SUPERVISOR));
        assertEquals(Rig.KERNEL_PHYS + 0x10, ok.pa());
        // User writes fault whatever WP says.
        rig.kernel.protect(text, 0x1000, Rights.parse("ux"));
        PageFault user = assertInstanceOf(PageFault.class,
                rig.mmu.translateDetailed(text, Access.WRITE, Privilege.USER));
        assertEquals(0x7, user.errorCode());
        assertEquals(List.of("#PF: user write access in user mode", "#PF: error_code(0x0007) - permissions violation"),
                List.of(user.linuxAccessLine(), user.linuxErrorLine()));
    }
}
