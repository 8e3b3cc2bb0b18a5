package memwb.vmm;

import static memwb.api.paging.EntryBits.A;
import static memwb.api.paging.EntryBits.P;
import static memwb.api.paging.EntryBits.RW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalAccessException;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.Access;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.PageFault;
import memwb.api.vmm.PageWalk;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;
import memwb.api.vmm.TlbConfig;
import memwb.api.vmm.WalkStep;

/**
 * The fast walk reads entries straight from the array of the RAM chunk its last table came from:
 * tables spread over chunks, tables in untouched memory and tables in a hole must come out exactly
 * as through the RAM's checked reads.
 */
class FastWalkTest {
    private static final long PAGE = 4096;
    private static final int PAGES = 6;

    @ParameterizedTest
    @ValueSource(strings = {"pae", "4-level", "5-level"})
    void tablesSpreadOverManyChunksTranslateAsTheTracedWalkSays(String name) {
        Rig rig = Rig.of(name, 64 * Rig.MIB, TlbConfig.NONE);
        long va = Rig.kernelVa(rig.mode);
        long[] vas = new long[PAGES];
        for (int i = 0; i < PAGES; i++) {
            // A chunk's worth of frames taken between maps puts each new page table in another chunk.
            for (int f = 0; f < PhysicalMemory.CHUNK_SIZE / PAGE; f++) {
                rig.frames.allocFrame(Owner.HEAP);
            }
            vas[i] = va + i * rig.mode.pageSizes()[1] + i * PAGE;
            rig.kernel.map(vas[i], 0x400000 + i * PAGE, PAGE, Rights.parse("w"));
        }
        long[] chunks = new long[PAGES];
        for (int i = 0; i < PAGES; i++) {
            List<WalkStep> steps = rig.mmu.walk(vas[i]).steps();
            chunks[i] = steps.get(steps.size() - 1).entryAddress() / PhysicalMemory.CHUNK_SIZE;
        }
        assertEquals(PAGES, java.util.Arrays.stream(chunks).distinct().count(), "every page table in its own chunk");
        for (int round = 0; round < 3; round++) {
            for (int i = PAGES - 1; i >= 0; i--) {
                long off = 8L * round;
                assertEquals(0x400000 + i * PAGE + off, rig.mmu.translate(vas[i] + off, Access.READ, Privilege.SUPERVISOR));
                assertEquals(rig.mmu.walk(vas[i] + off).pa(), rig.mmu.translate(vas[i] + off, Access.WRITE,
                        Privilege.SUPERVISOR));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pae", "4-level", "5-level"})
    void aTableInUntouchedMemoryReadsAsNotPresentAndStaysUntouched(String name) {
        Rig rig = Rig.of(name, 64 * Rig.MIB, TlbConfig.NONE);
        long va = Rig.kernelVa(rig.mode);
        rig.kernel.map(va, 0x400000, PAGE, Rights.parse("w"));
        assertEquals(0x400000, rig.mmu.translate(va, Access.READ, Privilege.SUPERVISOR));
        long untouched = 40 * Rig.MIB;
        pointLevel2At(rig, va, untouched);
        long[] before = rig.ram.touchedChunks();

        long r = rig.mmu.translate(va, Access.READ, Privilege.SUPERVISOR);
        assertEquals(Mmu.FAULT, r, "PTE read as zero: not present, a supervisor read");
        assertEquals(0, Mmu.errorCode(r) & PageFault.P);
        assertArrayEquals(before, rig.ram.touchedChunks(), "reading the table allocated nothing");
        rig.ram.write64(untouched + ((va >>> 12) & 0x1ff) * 8, 0x500000 | P | RW | A);
        assertEquals(0x500008, rig.mmu.translate(va + 8, Access.READ, Privilege.SUPERVISOR),
                "the same chunk, written since, is read from its new storage");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pae", "4-level", "5-level"})
    void aTableInAHoleIsRefusedNamingTheAddressAndNothingChanges(String name) {
        Rig rig = Rig.of(name, 64 * Rig.MIB, TlbConfig.NONE);
        long va = Rig.kernelVa(rig.mode);
        rig.kernel.map(va, 0x400000, PAGE, Rights.parse("w"));
        assertEquals(0x400000, rig.mmu.translate(va, Access.READ, Privilege.SUPERVISOR)); // A set on the way down
        pointLevel2At(rig, va, Rig.HOLE);
        long version = rig.ram.version();

        PhysicalAccessException e = assertThrows(PhysicalAccessException.class,
                () -> rig.mmu.translate(va, Access.READ, Privilege.SUPERVISOR));
        String pte = String.format("0x%x", Rig.HOLE + ((va >>> 12) & 0x1ff) * 8);
        assertTrue(e.getMessage().contains(pte), e.getMessage());
        assertEquals(version, rig.ram.version());
        PageWalk traced = rig.mmu.walk(va);
        assertTrue(traced.note().contains("outside installed RAM"), traced.note());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pae", "4-level", "5-level"})
    void aPageTableAtTheSameOffsetOfAnotherChunkIsReadFromItsOwnChunk(String name) {
        // Two page tables at the same offset in two chunks, with the same index used: read from the
        // wrong chunk, the second page would come out as the first one's frame.
        Rig rig = Rig.of(name, 64 * Rig.MIB, TlbConfig.NONE);
        long va = Rig.kernelVa(rig.mode);
        long other = va + rig.mode.pageSizes()[1];
        rig.kernel.map(va, 0x400000, PAGE, Rights.parse("w"));
        rig.kernel.map(other, 0x600000, PAGE, Rights.parse("w"));
        List<WalkStep> steps = rig.mmu.walk(va).steps();
        long firstTable = steps.get(steps.size() - 1).entryAddress() & -PAGE;
        long secondTable = 32 * Rig.MIB + (firstTable & (PhysicalMemory.CHUNK_SIZE - 1));
        rig.ram.write64(secondTable + ((other >>> 12) & 0x1ff) * 8, 0x700000 | P | RW | A);
        pointLevel2At(rig, other, secondTable);

        for (int round = 0; round < 2; round++) {
            assertEquals(0x400000 + 8 * round, rig.mmu.translate(va + 8 * round, Access.READ, Privilege.SUPERVISOR));
            assertEquals(0x700000 + 8 * round, rig.mmu.translate(other + 8 * round, Access.READ, Privilege.SUPERVISOR));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pae", "4-level", "5-level"})
    void aPteChangedInRamShowsAfterInvlpgThoughItsChunkIsKept(String name) {
        Rig rig = Rig.of(name);
        long va = Rig.kernelVa(rig.mode);
        rig.kernel.map(va, 0x400000, PAGE, Rights.parse("w"));
        assertEquals(0x400000, rig.mmu.translate(va, Access.READ, Privilege.SUPERVISOR));
        List<WalkStep> steps = rig.mmu.walk(va).steps();
        long pte = steps.get(steps.size() - 1).entryAddress();

        rig.ram.write64(pte, 0x500000 | P | RW | A);
        assertEquals(0x400008, rig.mmu.translate(va + 8, Access.READ, Privilege.SUPERVISOR), "the TLB still holds the old one");
        rig.mmu.invlpg(va);
        assertEquals(0x500008, rig.mmu.translate(va + 8, Access.READ, Privilege.SUPERVISOR), "the walk read the PTE again");
        rig.ram.write64(pte, 0);
        rig.mmu.invlpg(va);
        assertEquals(Mmu.FAULT, rig.mmu.translate(va, Access.READ, Privilege.SUPERVISOR), "now not present");
    }

    @ParameterizedTest
    @ValueSource(strings = {"32-bit", "pae", "4-level", "5-level"})
    void theMmusCanonicalTestAgreesWithTheModesAtEveryEdge(String name) {
        Rig rig = Rig.of(name);
        int bits = rig.mode.linearAddressBits();
        long top = 1L << (bits - 1);
        java.util.Random random = new java.util.Random(bits);
        java.util.List<Long> vas = new java.util.ArrayList<>(List.of(0L, top - 1, top, -top, -top - 1, -1L,
                0xffffffffL, 1L << 32, Long.MIN_VALUE, Long.MAX_VALUE, (1L << 56) - 1, 1L << 56, -(1L << 47), 1L << 47));
        for (int i = 0; i < 200; i++) {
            vas.add(random.nextLong());
            vas.add(random.nextLong() >> random.nextInt(64));
        }
        for (long va : vas) {
            long r = rig.mmu.translate(va, Access.READ, Privilege.SUPERVISOR);
            assertEquals(!rig.mode.isCanonical(va), Mmu.isGeneralProtection(r), String.format("0x%x: result 0x%x", va, r));
        }
    }

    /** Makes the level-2 entry of {@code va} point at a page table at {@code table} (present, writable, A set). */
    private static void pointLevel2At(Rig rig, long va, long table) {
        List<WalkStep> steps = rig.mmu.walk(va).steps();
        long pde = steps.get(steps.size() - 2).entryAddress();
        rig.mode.writeEntry(rig.ram, pde, table | P | RW | A);
        rig.mmu.flushTlb();
    }
}
