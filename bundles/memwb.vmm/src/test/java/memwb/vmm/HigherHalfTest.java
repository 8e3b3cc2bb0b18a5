package memwb.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import memwb.api.vmm.Access;
import memwb.api.vmm.HigherHalf;
import memwb.api.vmm.HigherHalf.Policy;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;

/** The notes' higher-half formula and the two conventions. */
class HigherHalfTest {
    private static final long MIB = 1L << 20;

    @Test
    void notesFormulaIsMaxMinus512MiBForASmallKernel() {
        assertEquals(0xffffffffe0000000L, HigherHalf.notesFormula("4-level", 16 * MIB));
        assertEquals(0xffffffffe0000000L, HigherHalf.notesFormula("5-level", 16 * MIB));
        assertEquals(0xe0000000L, HigherHalf.notesFormula("32-bit", 16 * MIB));
        assertEquals(0xe0000000L, HigherHalf.notesFormula("pae", 0x1001));
        assertEquals(0xffffffffe0000000L, HigherHalf.notesFormula("4-level", 512 * MIB), "exactly 512 MiB still fits");
    }

    @Test
    void notesFormulaIsMaxMinusSizePlus512MiBForALargerKernel() {
        // 600 MiB + 512 MiB = 1112 MiB = 0x45800000 below 2^64.
        assertEquals(0xffffffffba800000L, HigherHalf.notesFormula("4-level", 600 * MIB));
        assertEquals(0xba800000L, HigherHalf.notesFormula("32-bit", 600 * MIB));
        // Sizes round up to pages: 600 MiB + 1 byte takes 600 MiB + 4 KiB.
        assertEquals(0xffffffffba7ff000L, HigherHalf.notesFormula("4-level", 600 * MIB + 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HigherHalf.notesFormula("32-bit", 3700 * MIB));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HigherHalf.notesFormula("4-level", -1));
    }

    @Test
    void conventionsAndTheirMisuse() {
        assertEquals(0xffffffff80000000L, HigherHalf.kernelBase(Policy.X86_64_CONVENTION, "4-level", 0));
        assertEquals(0xc0000000L, HigherHalf.kernelBase(Policy.X86_32_CONVENTION, "pae", 0));
        assertEquals(0xc0000000L, HigherHalf.conventional("32-bit"));
        assertEquals(0xffffffff80000000L, HigherHalf.conventional("5-level"));
        assertThrows(IllegalArgumentException.class, () -> HigherHalf.kernelBase(Policy.X86_64_CONVENTION, "32-bit", 0));
        assertThrows(IllegalArgumentException.class, () -> HigherHalf.kernelBase(Policy.X86_32_CONVENTION, "4-level", 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HigherHalf.lastAddress("6-level"));
        assertTrue(e.getMessage().contains("\"6-level\""), e.getMessage());
        assertEquals(0xffffffffL, HigherHalf.lastAddress("pae"));
        assertEquals(-1L, HigherHalf.lastAddress("4-level"));
    }

    @Test
    void aKernelMappedAtTheNotesAddressTranslates() {
        for (String mode : Rig.MODES) {
            Rig rig = Rig.of(mode);
            long base = HigherHalf.kernelBase(Policy.NOTES, mode, 3 * MIB);
            assertTrue(rig.mode.isCanonical(base), mode);
            rig.kernel.map(base, Rig.KERNEL_PHYS, 4 * MIB, Rights.parse("wx"));
            assertEquals(Rig.KERNEL_PHYS + 0x1234, rig.mmu.translate(base + 0x1234, Access.READ, Privilege.SUPERVISOR));
        }
    }
}
