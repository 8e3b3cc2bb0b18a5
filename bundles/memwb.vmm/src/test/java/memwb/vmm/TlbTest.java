package memwb.vmm;

import static memwb.api.paging.EntryBits.D;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import memwb.api.vmm.Access;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.MapOptions;
import memwb.api.vmm.Mapped;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.PageFault;
import memwb.api.vmm.PageWalk;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;
import memwb.api.vmm.TlbConfig;
import memwb.api.vmm.TlbStats;
import memwb.api.vmm.WalkStep;

/** The TLB: what real x86 does when tables change without a flush, and what flushes drop. */
class TlbTest {
    private static final Rights RW = Rights.parse("w");
    private static final Rights RWG = Rights.parse("wg");

    private static long pteAddress(Rig rig, long va) {
        PageWalk w = rig.mmu.walk(va);
        WalkStep leaf = w.steps().get(w.steps().size() - 1);
        return leaf.entryAddress();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pae", "4-level", "5-level"})
    void aPteChangedWithoutInvlpgKeepsTranslatingTheOldWayUntilInvlpg(String name) {
        Rig rig = Rig.of(name);
        long va = Rig.kernelVa(rig.mode) + 0x3000;
        rig.kernel.map(va, 0x400000, 0x1000, RW);
        assertEquals(0x400000, rig.mmu.translate(va, Access.READ, Privilege.SUPERVISOR));
        // Poke the PTE in RAM to point elsewhere, as buggy kernel code would, with no INVLPG.
        long pte = pteAddress(rig, va);
        rig.mode.writeEntry(rig.ram, pte, rig.mode.readEntry(rig.ram, pte) - 0x400000 + 0x500000);
        Mapped stale = assertInstanceOf(Mapped.class, rig.mmu.translateDetailed(va, Access.READ, Privilege.SUPERVISOR));
        assertEquals(0x400000, stale.pa(), "the TLB still answers with the old frame");
        assertTrue(stale.tlbHit());
        PageWalk walk = rig.mmu.walk(va);
        assertEquals(0x500000, walk.pa(), "the tables say the new frame");
        assertTrue(walk.stale());
        assertTrue(walk.lines().stream().anyMatch(l -> l.contains("stale TLB entry")), String.join("\n", walk.lines()));
        rig.mmu.invlpg(va);
        assertEquals(0x500000, rig.mmu.translate(va, Access.READ, Privilege.SUPERVISOR));
        assertFalse(rig.mmu.walk(va).stale());
    }

    @Test
    void anUnmapWithoutFlushLeavesAStaleEntryAndTheWalkSaysSo() {
        Rig rig = Rig.of("4-level");
        long va = 0x600000;
        rig.kernel.map(va, 0x400000, 0x1000, RW);
        rig.mmu.translate(va, Access.READ, Privilege.SUPERVISOR);
        rig.kernel.unmap(va, 0x1000, MapOptions.DEFAULT.withFlush(false));
        assertEquals(0x400000, rig.mmu.translate(va, Access.READ, Privilege.SUPERVISOR));
        PageWalk walk = rig.mmu.walk(va);
        assertEquals(PageWalk.Outcome.NOT_PRESENT, walk.outcome());
        assertTrue(walk.stale());
        rig.mmu.invlpg(va);
        assertTrue(Mmu.isFault(rig.mmu.translate(va, Access.READ, Privilege.SUPERVISOR)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"32-bit", "pae", "4-level", "5-level"})
    void aCr3LoadDropsNonGlobalEntriesAndKeepsGlobalOnes(String name) {
        Rig rig = Rig.of(name);
        Rights local = name.equals("32-bit") ? Rights.parse("wx") : RW;
        Rights global = name.equals("32-bit") ? Rights.parse("wxg") : RWG;
        long kernelVa = Rig.kernelVa(rig.mode);
        rig.kernel.map(kernelVa, 0x400000, 0x1000, global);
        rig.kernel.map(0x800000, 0x401000, 0x1000, local);
        rig.mmu.translate(kernelVa, Access.READ, Privilege.SUPERVISOR);
        rig.mmu.translate(0x800000, Access.READ, Privilege.SUPERVISOR);
        assertEquals(2, rig.mmu.tlbEntries().size());
        rig.mmu.setCr3(rig.regs.cr3());
        assertEquals(1, rig.mmu.tlbEntries().size());
        assertTrue(rig.mmu.tlbEntries().get(0).global());
        assertEquals(kernelVa, rig.mmu.tlbEntries().get(0).va());
        // Without CR4.PGE, G means nothing: toggling PGE flushes everything, and later fills are not global.
        rig.mmu.setCr4(rig.regs.cr4() & ~ControlRegisters.CR4_PGE);
        assertEquals(0, rig.mmu.tlbEntries().size());
        rig.mmu.translate(kernelVa, Access.READ, Privilege.SUPERVISOR);
        rig.mmu.setCr3(rig.regs.cr3());
        assertEquals(0, rig.mmu.tlbEntries().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"32-bit", "pae", "4-level", "5-level"})
    void cachedEntriesAreJudgedByTheRegistersOfNowNotOfTheirFill(String name) {
        Rig rig = Rig.of(name);
        long text = Rig.kernelVa(rig.mode);
        long user = 0x400000;
        rig.kernel.map(text, Rig.KERNEL_PHYS, 0x1000, Rights.parse("x")); // read-only kernel text
        rig.kernel.map(user, 0x500000, 0x1000, Rights.parse("wux"));
        rig.mmu.setCr0(rig.regs.cr0() & ~ControlRegisters.CR0_WP);
        rig.mmu.setCr4(rig.regs.cr4() | ControlRegisters.CR4_SMAP);
        rig.mmu.setRflags(rig.regs.rflags() | ControlRegisters.RFLAGS_AC);
        // Filled while WP=0 and AC=1: a supervisor write to the text and a supervisor read of the user page are fine.
        assertEquals(Rig.KERNEL_PHYS, rig.mmu.translate(text, Access.WRITE, Privilege.SUPERVISOR));
        assertEquals(0x500000, rig.mmu.translate(user, Access.READ, Privilege.SUPERVISOR));
        assertEquals(Rig.KERNEL_PHYS + 8, rig.mmu.translate(text + 8, Access.WRITE, Privilege.SUPERVISOR), "a hit");
        long misses = rig.mmu.tlbStats().misses();

        rig.mmu.setCr0(rig.regs.cr0() | ControlRegisters.CR0_WP); // neither change flushes the TLB
        rig.mmu.setRflags(rig.regs.rflags() & ~ControlRegisters.RFLAGS_AC);
        PageFault wp = assertInstanceOf(PageFault.class, rig.mmu.translateDetailed(text, Access.WRITE, Privilege.SUPERVISOR));
        assertEquals(PageFault.P | PageFault.W, wp.errorCode());
        assertTrue(wp.fromTlb(), wp.reason());
        PageFault smap = assertInstanceOf(PageFault.class, rig.mmu.translateDetailed(user, Access.READ, Privilege.SUPERVISOR));
        assertEquals(PageFault.P, smap.errorCode());
        assertTrue(smap.reason().startsWith("SMAP"), smap.reason());
        assertEquals(misses, rig.mmu.tlbStats().misses(), "both faults came from the cached entries, without a walk");
    }

    @Test
    void invlpgDropsEvenAGlobalEntryAndALargePage() {
        Rig rig = Rig.of("4-level");
        long va = 0xffffffff80000000L;
        rig.kernel.map(va, 0x200000, 0x200000, RWG); // one 2 MiB page
        Mapped m = assertInstanceOf(Mapped.class, rig.mmu.translateDetailed(va + 0x12345, Access.READ,
                Privilege.SUPERVISOR));
        assertEquals(0x200000, m.pageSize());
        assertTrue(rig.mmu.tlbEntries().get(0).large());
        rig.mmu.invlpg(va + 0x1ff000); // any address in the page
        assertEquals(0, rig.mmu.tlbEntries().size());
        assertEquals(1, rig.mmu.tlbStats().invlpgs());
    }

    /**
     * The large-page array keeps a count of its valid entries so 4 KiB misses skip it when it is empty:
     * every way in and out (fill, a hit in place, INVLPG, CR3 load keeping a global page, flush) must
     * keep that count right, or a large page would stop hitting.
     */
    @Test
    void largePagesHitAgainAfterEveryWayTheirArrayEmptiesAndRefills() {
        Rig rig = Rig.of("4-level");
        long global = 0xffffffff80000000L;
        long local = 0x40000000L;
        rig.kernel.map(global, 0x200000, 0x200000, RWG);
        rig.kernel.map(local, 0x400000, 0x200000, RW);
        rig.mmu.translate(global, Access.READ, Privilege.SUPERVISOR);
        rig.mmu.translate(global + 0x1000, Access.READ, Privilege.SUPERVISOR); // a hit, not a second entry
        rig.mmu.translate(local, Access.READ, Privilege.SUPERVISOR);
        assertEquals(2, rig.mmu.tlbEntries().size());
        long misses = rig.mmu.tlbStats().misses();

        rig.mmu.setCr3(rig.regs.cr3()); // drops the non-global one only
        assertEquals(0x200000 + 0x5000, rig.mmu.translate(global + 0x5000, Access.READ, Privilege.SUPERVISOR));
        assertEquals(misses, rig.mmu.tlbStats().misses(), "the global 2 MiB page still hits after the CR3 load");
        rig.mmu.invlpg(global);
        assertEquals(0, rig.mmu.tlbEntries().size());
        assertEquals(0x200000, rig.mmu.translate(global, Access.READ, Privilege.SUPERVISOR));
        assertEquals(misses + 1, rig.mmu.tlbStats().misses(), "emptied by INVLPG, then walked and filled again");
        assertEquals(0x200000 + 0x7000, rig.mmu.translate(global + 0x7000, Access.READ, Privilege.SUPERVISOR));
        assertEquals(misses + 1, rig.mmu.tlbStats().misses(), "and hits again");

        rig.mmu.setCr4(rig.regs.cr4() & ~ControlRegisters.CR4_PGE); // flushes everything
        assertEquals(0, rig.mmu.tlbEntries().size());
        rig.mmu.translate(local + 0x3000, Access.READ, Privilege.SUPERVISOR);
        assertEquals(misses + 2, rig.mmu.tlbStats().misses());
        assertEquals(0x400000 + 0x9000, rig.mmu.translate(local + 0x9000, Access.READ, Privilege.SUPERVISOR));
        assertEquals(misses + 2, rig.mmu.tlbStats().misses(), "refilled after the full flush, it hits");
        rig.kernel.unmap(local, 0x200000); // unmap invalidates the range
        assertInstanceOf(PageFault.class, rig.mmu.translateDetailed(local, Access.READ, Privilege.SUPERVISOR));
    }

    @Test
    void hitsAndMissesAreCountedAndLruEvictsWithinASet() {
        Rig rig = Rig.of("4-level", 64 * Rig.MIB, new TlbConfig(8, 2, 4, 2)); // 4 sets of 2 ways
        // Pages 0, 4, 8 (x 4 KiB) all fall in set 0.
        for (int p = 0; p <= 8; p += 4) {
            rig.kernel.map(0x1000000L + p * 0x1000L, 0x400000 + p * 0x1000L, 0x1000, RW);
        }
        rig.mmu.resetTlbStats();
        long a = 0x1000000L;
        long b = a + 0x4000;
        long c = a + 0x8000;
        rig.mmu.translate(a, Access.READ, Privilege.SUPERVISOR); // miss
        rig.mmu.translate(b, Access.READ, Privilege.SUPERVISOR); // miss
        rig.mmu.translate(a, Access.READ, Privilege.SUPERVISOR); // hit: b is now least recently used
        rig.mmu.translate(c, Access.READ, Privilege.SUPERVISOR); // miss: evicts b
        TlbStats s = rig.mmu.tlbStats();
        assertEquals(1, s.hits());
        assertEquals(3, s.misses());
        assertEquals(1, s.evictions());
        assertEquals(2, s.used4k());
        assertNotNull(rig.mmu.walk(a).tlb());
        assertNull(rig.mmu.walk(b).tlb(), "b was the LRU way");
        assertEquals(0, rig.mmu.walk(a).tlb().set());
        assertEquals(0.25, s.hitRate());
    }

    /**
     * The walk a write through a clean entry makes refreshes that entry. It used to take the first free
     * way of the set when one came before the entry, so the page was cached twice, the clean copy
     * wasting a way (found by TlbLruModelTest).
     */
    @Test
    void theWalkToSetDirtyRefreshesTheEntryEvenWithAFreeWayInFrontOfIt() {
        Rig rig = Rig.of("4-level", 64 * Rig.MIB, new TlbConfig(4, 4, 4, 2)); // one set of 4 ways
        long a = 0x1000000L;
        long b = a + 0x1000;
        rig.kernel.map(a, 0x400000, 0x2000, RW);
        rig.mmu.translate(a, Access.READ, Privilege.SUPERVISOR);
        rig.mmu.translate(b, Access.READ, Privilege.SUPERVISOR); // b in front of a
        rig.mmu.invlpg(b); // a free way in front of a
        rig.mmu.translate(a, Access.WRITE, Privilege.SUPERVISOR);
        assertEquals(1, rig.mmu.tlbEntries().size(), rig.mmu.tlbEntries().toString());
        assertTrue(rig.mmu.tlbEntries().get(0).dirty());
    }

    @Test
    void aWriteThroughACleanEntryWalksAgainToSetDirty() {
        Rig rig = Rig.of("4-level");
        rig.kernel.map(0x1000000L, 0x400000, 0x1000, RW);
        rig.mmu.translate(0x1000000L, Access.READ, Privilege.SUPERVISOR);
        long pte = pteAddress(rig, 0x1000000L);
        assertEquals(0, rig.mode.readEntry(rig.ram, pte) & D);
        rig.mmu.translate(0x1000000L, Access.WRITE, Privilege.SUPERVISOR);
        assertEquals(D, rig.mode.readEntry(rig.ram, pte) & D);
        assertTrue(rig.mmu.tlbEntries().get(0).dirty());
        rig.mmu.resetTlbStats();
        rig.mmu.translate(0x1000000L, Access.WRITE, Privilege.SUPERVISOR);
        assertEquals(1, rig.mmu.tlbStats().hits(), "now dirty, a write hits");
    }

    @Test
    void aProtectionUpgradeWithoutFlushFaultsOnceFromTheStaleEntryThenSucceeds() {
        // Linux's "spurious" fault: RO -> RW without a flush; the cached read-only entry faults once.
        Rig rig = Rig.of("4-level");
        long va = 0xffffffff80000000L;
        rig.kernel.map(va, 0x400000, 0x1000, Rights.parse("-"));
        rig.mmu.translate(va, Access.READ, Privilege.SUPERVISOR);
        rig.kernel.protect(va, 0x1000, RW, MapOptions.DEFAULT.withFlush(false));
        PageFault pf = assertInstanceOf(PageFault.class, rig.mmu.translateDetailed(va, Access.WRITE, Privilege.SUPERVISOR));
        assertTrue(pf.fromTlb());
        assertEquals(0x3, pf.errorCode());
        assertTrue(pf.reason().contains("cached TLB entry"), pf.reason());
        assertEquals(0x400000, rig.mmu.translate(va, Access.WRITE, Privilege.SUPERVISOR), "the fault dropped the entry");
    }

    @Test
    void withoutATlbEveryAccessWalks() {
        Rig rig = Rig.of("4-level", 64 * Rig.MIB, TlbConfig.NONE);
        rig.kernel.map(0x1000000L, 0x400000, 0x1000, RW);
        for (int i = 0; i < 3; i++) {
            rig.mmu.translate(0x1000000L, Access.READ, Privilege.SUPERVISOR);
        }
        assertEquals(0, rig.mmu.tlbStats().hits());
        assertEquals(3, rig.mmu.tlbStats().misses());
        assertEquals(0, rig.mmu.tlbEntries().size());
    }

    @Test
    void badGeometryIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TlbConfig(12, 4, 8, 2));
        assertTrue(e.getMessage().contains("3 sets"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TlbConfig(10, 4, 8, 2));
    }

    @Test
    void cr3WithBitsAboveMaxPhysAddrIsRefused() {
        Rig rig = Rig.of("4-level");
        long before = rig.regs.cr3();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rig.mmu.setCr3(0x0010000000001000L));
        assertTrue(e.getMessage().contains("0x10000000001000"), e.getMessage());
        assertEquals(before, rig.regs.cr3());
    }

    @Test
    void registersSelectingAnotherModeAreRefusedOnTheNextWalk() {
        Rig rig = Rig.of("4-level");
        rig.regs.setCr4(rig.regs.cr4() | ControlRegisters.CR4_LA57);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> rig.mmu.translate(0x1000, Access.READ, Privilege.SUPERVISOR));
        assertTrue(e.getMessage().contains("5-level") && e.getMessage().contains("4-level"), e.getMessage());
    }
}
