package memwb.views.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import memwb.api.vmm.Access;
import memwb.api.vmm.MapOptions;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;

class TranslationReportTest {
    private static final long USER_VA = 0x400000;

    @Test
    void theWalkShowsEveryLevelWithItsTableAndTheResultIsThePhysicalAddress() {
        Rig rig = new Rig();
        rig.kernel.map(USER_VA, 0x200000, 4096, Rights.parse("wxu"));
        TranslationReport r = TranslationReport.of(rig.mmu, USER_VA + 0x123, Access.READ, Privilege.USER);
        assertFalse(r.error());
        assertEquals(4, r.steps().size());
        assertEquals("PML4", r.steps().get(0).level());
        assertEquals("0x" + Long.toHexString(rig.kernel.root()), r.steps().get(0).table());
        assertEquals("0", r.steps().get(0).index());
        assertEquals("PT", r.steps().get(3).level());
        assertEquals("0", r.steps().get(3).index());
        assertTrue(r.steps().get(3).flags().endsWith("(leaf)"), r.steps().get(3).flags());
        assertEquals("urwx", r.steps().get(3).rights());
        assertEquals("TLB miss: walked 4 levels", r.lines().get(1));
        assertTrue(r.lines().contains("=> physical 0x200123 (4 KiB page, rights urwx)"), r.lines().toString());
        assertEquals(0x200123, r.pa());
    }

    @Test
    void theSecondTranslationIsATlbHit() {
        Rig rig = new Rig();
        rig.kernel.map(USER_VA, 0x200000, 4096, Rights.parse("wxu"));
        TranslationReport.of(rig.mmu, USER_VA, Access.READ, Privilege.USER);
        TranslationReport again = TranslationReport.of(rig.mmu, USER_VA, Access.READ, Privilege.USER);
        assertTrue(again.lines().get(1).startsWith("TLB hit (set "), again.lines().toString());
    }

    @Test
    void aRemapWithoutFlushIsFlaggedAsAStaleTlbEntry() {
        Rig rig = new Rig();
        rig.kernel.map(USER_VA, 0x200000, 4096, Rights.parse("wu"));
        TranslationReport.of(rig.mmu, USER_VA, Access.READ, Privilege.USER);
        rig.kernel.map(USER_VA, 0x300000, 4096, Rights.parse("wu"), MapOptions.DEFAULT.withOverwrite(true).withFlush(false));
        TranslationReport r = TranslationReport.of(rig.mmu, USER_VA, Access.READ, Privilege.USER);
        assertTrue(r.lines().contains("stale TLB entry: it maps 0x400000 -> 0x200000 (4 KiB page, rights urw-) but the "
                + "tables say: 0x400000 -> 0x300000"), r.lines().toString());
        assertTrue(r.lines().contains("=> physical 0x200000 (4 KiB page, rights urw-)"), "the CPU uses the stale entry");
    }

    @Test
    void aWriteToReadOnlyKernelTextIsDecodedInLinuxWords() {
        Rig rig = new Rig();
        rig.kernel.map(Rig.KERNEL_VA, Rig.KERNEL_PHYS, 4096, Rights.parse("x"));
        TranslationReport r = TranslationReport.of(rig.mmu, Rig.KERNEL_VA, Access.WRITE, Privilege.SUPERVISOR);
        assertTrue(r.lines().contains("BUG: unable to handle page fault for address: ffffffff80000000"), r.lines().toString());
        assertTrue(r.lines().contains("#PF: supervisor write access in kernel mode"), r.lines().toString());
        assertTrue(r.lines().contains("#PF: error_code(0x0003) - permissions violation"), r.lines().toString());
    }

    @Test
    void anUnmappedAddressIsANotPresentFault() {
        Rig rig = new Rig();
        TranslationReport r = TranslationReport.of(rig.mmu, 0x1000, Access.READ, Privilege.USER);
        assertTrue(r.lines().contains("#PF: error_code(0x0004) - not-present page"), r.lines().toString());
        assertEquals(1, r.steps().size(), "the walk stops at the empty PML4 entry");
        assertEquals(TranslationReport.NO_ADDRESS, r.pa());
    }

    @Test
    void textThatIsNotANumberIsNamed() {
        Rig rig = new Rig();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TranslationReport.parse("0xzz", rig.mmu));
        assertEquals("address: \"0xzz\" is not a number (use 0x1000, 4096, 128M or 4G)", e.getMessage());
    }

    @Test
    void aNonCanonicalAddressIsNamedWithTheRule() {
        Rig rig = new Rig();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TranslationReport.parse("0x0000800000000000", rig.mmu));
        assertEquals("address 0x800000000000 is not canonical in 4-level paging (bits 63:47 must all equal bit 47)",
                e.getMessage());
        assertEquals(0xffff800000000000L, TranslationReport.parse("0xffff800000000000", rig.mmu));
    }

    @Test
    void aRequestWithBadInputGivesAnErrorReportAndTouchesNothing() {
        Rig rig = new Rig();
        long before = rig.mmu.version();
        TranslationReport r = new TranslationRequest("hello", Access.READ, Privilege.USER).run(null);
        assertTrue(r.error());
        assertEquals("no machine: boot one first", r.lines().get(0));
        assertEquals(before, rig.mmu.version());
    }
}
