package memwb.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.vmm.Access;
import memwb.api.vmm.PageWalk;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;
import memwb.api.vmm.WalkStep;

/** walk VA: per level the table, index, raw entry, flags and rights so far; no side effects. */
class WalkTraceTest {
    @Test
    void fourLevelWalkListsEveryLevel() {
        Rig rig = Rig.of("4-level");
        long va = 0xffffffff80201000L;
        rig.kernel.map(va, 0x345000, 0x1000, Rights.parse("w"));
        PageWalk w = rig.mmu.walk(va);
        List<WalkStep> s = w.steps();
        assertEquals(List.of(511, 510, 1, 1), s.stream().map(WalkStep::index).toList());
        assertEquals(List.of("PML4", "PDPT", "PD", "PT"), s.stream().map(WalkStep::levelName).toList());
        assertEquals(rig.kernel.root(), s.get(0).table());
        for (int i = 0; i < 3; i++) {
            assertEquals(s.get(i).entry() & 0x000ffffffffff000L, s.get(i + 1).table(), "each entry points at the next table");
            assertEquals(s.get(i).table() + 8L * s.get(i).index(), s.get(i).entryAddress());
            assertEquals("P RW US", s.get(i).flags());
            assertEquals("urwx", s.get(i).rightsSoFar().toString());
        }
        assertEquals("P RW XD", s.get(3).flags());
        assertEquals("-rw-", s.get(3).rightsSoFar().toString());
        assertTrue(s.get(3).leaf());
        assertEquals(PageWalk.Outcome.MAPPED, w.outcome());
        assertEquals(0x345000, w.pa());
        assertNull(w.tlb());
        assertEquals(List.of(
                String.format("walk 0xffffffff80201000 (4-level, CR3=0x%x)", rig.regs.cr3()),
                String.format("  PML4 table 0x%x [511] @0x%x = 0x%016x P RW US  rights urwx", s.get(0).table(),
                        s.get(0).entryAddress(), s.get(0).entry()),
                String.format("  PDPT table 0x%x [510] @0x%x = 0x%016x P RW US  rights urwx", s.get(1).table(),
                        s.get(1).entryAddress(), s.get(1).entry()),
                String.format("  PD   table 0x%x [1] @0x%x = 0x%016x P RW US  rights urwx", s.get(2).table(),
                        s.get(2).entryAddress(), s.get(2).entry()),
                String.format("  PT   table 0x%x [1] @0x%x = 0x8000000000345003 P RW XD (leaf)  rights -rw-",
                        s.get(3).table(), s.get(3).entryAddress()),
                "  => 0xffffffff80201000 -> 0x345000 (4 KiB page, rights -rw-)",
                "  TLB: no entry"), w.lines());
        // The walk reads only: no A bits, no TLB entry.
        assertEquals(0, rig.mmu.walk(va).steps().get(0).entry() & 0x20);
        assertEquals(0, rig.mmu.tlbEntries().size());
        rig.mmu.translate(va, Access.READ, Privilege.SUPERVISOR);
        PageWalk after = rig.mmu.walk(va);
        assertFalse(after.stale());
        assertTrue(after.lines().get(after.lines().size() - 1).startsWith("  TLB: entry agrees"));
    }

    @Test
    void aWalkStopsAtTheFirstNonPresentOrReservedEntry() {
        Rig rig = Rig.of("pae");
        PageWalk w = rig.mmu.walk(0x400000);
        assertEquals(PageWalk.Outcome.NOT_PRESENT, w.outcome());
        assertEquals(1, w.steps().size());
        assertEquals("not present: PDPT entry 0 is 0x0 (#PF with P=0)", w.note());
        // A PDPTE with R/W set: reserved in PAE.
        rig.mode.writeEntry(rig.ram, rig.kernel.root(), 0x5003);
        PageWalk r = rig.mmu.walk(0x400000);
        assertEquals(PageWalk.Outcome.RESERVED_BIT, r.outcome());
        assertEquals(0x2, r.steps().get(0).reservedBits());
        assertEquals(PageWalk.Outcome.NON_CANONICAL, Rig.of("4-level").mmu.walk(0x0000800000000000L).outcome());
    }
}
