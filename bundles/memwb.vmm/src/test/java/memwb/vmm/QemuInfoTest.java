package memwb.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.vmm.Access;
import memwb.api.vmm.MapOptions;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;

/**
 * {@code info tlb} and {@code info mem} against lines worked out by hand from QEMU's printf formats
 * in target/i386/monitor.c: print_pte's {@code "%016" PRIx64 ": %016" PRIx64 " %c%c%c%c%c%c%c%c%c"}
 * (X G P D A C T U W, the address column being pte & QEMU's per-mode mask) and mem_print's
 * {@code "%016" PRIx64 "-%016" PRIx64 " %016" PRIx64 " %c%c%c"}, runs merged while U/S, R/W, P stay equal.
 */
class QemuInfoTest {
    private static List<String> lines(String text) {
        return List.of(text.split("\n"));
    }

    @Test
    void fourLevel() {
        Rig rig = Rig.of("4-level");
        rig.kernel.map(0x400000, 0x800000, 0x2000, Rights.parse("uw"));
        rig.kernel.map(0x402000, 0x900000, 0x1000, Rights.parse("uw"));
        rig.kernel.map(0xffff888000000000L, 0x40000000L, 0x40000000L, Rights.parse("w"));
        rig.kernel.map(0xffffffff80000000L, 0x200000, 0x200000, Rights.parse("xg"));
        rig.mmu.translate(0x400000, Access.READ, Privilege.USER);
        rig.mmu.translate(0x401000, Access.WRITE, Privilege.USER);
        // PTE 0x800000|P|RW|US|A|XD; PTE 0x801000 also D; 1 GiB PDPTE |PS|XD masked with 0x3ffffc0000000;
        // 2 MiB PDE |PS|G masked with 0x3ffffffe00000. PML4 indexes 0, 273, 511 in that order.
        assertEquals(List.of(
                "0000000000400000: 0000000000800000 X---A--UW",
                "0000000000401000: 0000000000801000 X--DA--UW",
                "0000000000402000: 0000000000900000 X------UW",
                "ffff888000000000: 0000000040000000 X-P-----W",
                "ffffffff80000000: 0000000000200000 -GP------"), lines(rig.mmu.infoTlb()));
        assertEquals(List.of(
                "0000000000400000-0000000000403000 0000000000003000 urw",
                "ffff888000000000-ffff888040000000 0000000040000000 -rw",
                "ffffffff80000000-ffffffff80200000 0000000000200000 -r-"), lines(rig.mmu.infoMem()));
        assertEquals(List.of(
                "0000000000400000-0000000000403000 0000000000003000 urw-",
                "ffff888000000000-ffff888040000000 0000000040000000 -rw-",
                "ffffffff80000000-ffffffff80200000 0000000000200000 -r-x"), lines(rig.mmu.infoMemVerbose()));
    }

    @Test
    void fourLevelRunReachingTheTopEndsAtQemusUncanonicalBoundary() {
        // mem_print flushes at 1 << 48, which addr_canonical leaves as 0001000000000000.
        Rig rig = Rig.of("4-level");
        rig.kernel.map(0xfffffffffffff000L, 0x5000, 0x1000, Rights.parse("w"));
        assertEquals(List.of("fffffffffffff000-0001000000000000 0000000000001000 -rw"), lines(rig.mmu.infoMem()));
    }

    @Test
    void thirtyTwoBit() {
        Rig rig = Rig.of("32-bit");
        rig.kernel.map(0x400000, 0x800000, 0x1000, Rights.parse("uwx"));
        rig.kernel.map(0xc0000000L, 0x100000000L, 0x400000, Rights.parse("wxg")); // a PSE-36 4 MiB page
        rig.mmu.translate(0x400000, Access.READ, Privilege.USER);
        // The 4 MiB PDE is 0x00002183 (PA bits 39:32 = 1 in bits 20:13); QEMU masks it with ~((1 << 21) - 1)
        // and so prints 0 for the frame: its info tlb does not show PSE-36 bits.
        assertEquals(List.of(
                "0000000000400000: 0000000000800000 ----A--UW",
                "00000000c0000000: 0000000000000000 -GP-----W"), lines(rig.mmu.infoTlb()));
        assertEquals(List.of(
                "0000000000400000-0000000000401000 0000000000001000 urw",
                "00000000c0000000-00000000c0400000 0000000000400000 -rw"), lines(rig.mmu.infoMem()));
        assertEquals(List.of(
                "0000000000400000-0000000000401000 0000000000001000 urwx",
                "00000000c0000000-00000000c0400000 0000000000400000 -rwx"), lines(rig.mmu.infoMemVerbose()));
    }

    @Test
    void pae() {
        Rig rig = Rig.of("pae");
        rig.kernel.map(0xc0000000L, 0x200000, 0x200000, Rights.parse("w"));
        rig.kernel.map(0x1000, 0x3000, 0x1000, Rights.parse("u"));
        // PAE masks keep bit 63: the NX bit shows in QEMU's address column.
        assertEquals(List.of(
                "0000000000001000: 8000000000003000 X------U-",
                "00000000c0000000: 8000000000200000 X-P-----W"), lines(rig.mmu.infoTlb()));
        assertEquals(List.of(
                "0000000000001000-0000000000002000 0000000000001000 ur-",
                "00000000c0000000-00000000c0200000 0000000000200000 -rw"), lines(rig.mmu.infoMem()));
        assertEquals(List.of(
                "0000000000001000-0000000000002000 0000000000001000 ur--",
                "00000000c0000000-00000000c0200000 0000000000200000 -rw-"), lines(rig.mmu.infoMemVerbose()));
    }

    @Test
    void fiveLevelWithPresentChecksTheRightWayRound() {
        Rig rig = Rig.of("5-level");
        rig.kernel.map(0x400000, 0x800000, 0x1000, Rights.parse("w"));
        rig.kernel.map(0xffffffff80000000L, 0x200000, 0x200000, Rights.parse("x"), MapOptions.DEFAULT);
        // PML5 index 511 -> la48 body with l0 = 511: (511 << 48) + ... = 0x01ffffff80000000, sign-extended from bit 56.
        assertEquals(List.of(
                "0000000000400000: 0000000000800000 X-------W",
                "ffffffff80000000: 0000000000200000 --P------"), lines(rig.mmu.infoTlb()));
        // QEMU's own 5-level info mem skips present PDPTEs and PDEs and would print nothing here.
        assertEquals(List.of(
                "0000000000400000-0000000000401000 0000000000001000 -rw",
                "ffffffff80000000-ffffffff80200000 0000000000200000 -r-"), lines(rig.mmu.infoMem()));
        assertEquals(List.of(
                "0000000000400000-0000000000401000 0000000000001000 -rw-",
                "ffffffff80000000-ffffffff80200000 0000000000200000 -r-x"), lines(rig.mmu.infoMemVerbose()));
    }

    @Test
    void emptyTablesListNothing() {
        Rig rig = Rig.of("4-level");
        assertEquals("", rig.mmu.infoTlb());
        assertEquals("", rig.mmu.infoMem());
    }
}
