package memwb.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import memwb.api.ram.PhysicalAccessException;
import memwb.api.vmm.Access;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.PageFault;
import memwb.api.vmm.PageWalk;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Entries with random flag and reserved bits flipped, at a random level: the MMU's planned walk and
 * the console's walk (which asks the paging mode directly at every step) must agree on what
 * happens: not present, a reserved bit, or the same physical address.
 */
class WalkAgreementProperties {
    /** Bits worth flipping: the flags, PAT/large-page reserved bits, the top address bits, AVL, PK, XD. */
    private static final int[] BITS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 20, 21, 29, 51, 52, 58, 59, 62, 63};

    @Provide
    Arbitrary<String> modes() {
        return Arbitraries.of(Rig.MODES);
    }

    @Property(tries = 300)
    void plannedWalkAndTracedWalkAgree(@ForAll("modes") String mode, @ForAll @IntRange(min = 1, max = 5) int level,
            @ForAll @IntRange(min = 0, max = 20) int bitIndex, @ForAll boolean nxe, @ForAll boolean large) {
        Rig rig = Rig.of(mode);
        long va = Rig.kernelVa(rig.mode) + (large ? 0 : 0x3000);
        long size = large ? rig.mode.pageSizes()[1] : 0x1000;
        rig.kernel.map(va, 8 * size, size, Rights.parse("wx"));
        int bit = BITS[bitIndex];
        PageWalk before = rig.mmu.walk(va);
        int depth = before.steps().size();
        int at = Math.min(level, depth) - 1;
        long ea = before.steps().get(at).entryAddress();
        if (bit >= 8 * rig.mode.entrySize()) {
            bit = bit % 32;
        }
        rig.mode.writeEntry(rig.ram, ea, rig.mode.readEntry(rig.ram, ea) ^ (1L << bit));
        rig.regs.setEfer(nxe ? rig.regs.efer() | memwb.api.vmm.ControlRegisters.EFER_NXE
                : rig.regs.efer() & ~memwb.api.vmm.ControlRegisters.EFER_NXE);
        rig.mmu.flushTlb();
        PageWalk traced = rig.mmu.walk(va);
        long r;
        try {
            r = rig.mmu.translate(va, Access.READ, Privilege.SUPERVISOR);
        } catch (PhysicalAccessException e) {
            // A flipped address bit sent the walk outside RAM: both walks must say so.
            assertTrue(traced.note().contains("outside installed RAM"), traced.note());
            return;
        }
        String what = String.format("%s, bit %d flipped at level %d (%s), NXE=%b: traced %s, translate %s", mode, bit,
                depth - at, before.steps().get(at).levelName(), nxe, traced.outcome(),
                Mmu.isFault(r) ? "#PF 0x" + Integer.toHexString(Mmu.errorCode(r)) : "0x" + Long.toHexString(r));
        switch (traced.outcome()) {
            case NOT_PRESENT -> assertEquals(Mmu.FAULT, r, what);
            case RESERVED_BIT -> assertTrue(Mmu.isFault(r) && (Mmu.errorCode(r) & PageFault.RSVD) != 0, what);
            case MAPPED -> assertEquals(traced.pa(), r, what);
            default -> throw new AssertionError(what);
        }
    }
}
