package memwb.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import memwb.api.vmm.PageWalk;
import memwb.api.vmm.WalkStep;
import memwb.api.vmm.Access;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.Mapped;
import memwb.api.vmm.PageFault;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;
import memwb.api.vmm.TlbConfig;
import memwb.api.vmm.TlbEntryInfo;
import memwb.api.vmm.TlbStats;
import memwb.api.vmm.Translation;

/**
 * The MMU's 4 KiB TLB against a reference written the plainest way: per set a list of entries, most
 * recently used first, true LRU. Random reads and writes over pages that crowd a few sets (and pages
 * a power of two apart, which land on one set and on whatever the MMU keys its own lookups by), with
 * PTEs changed behind the TLB's back, INVLPG, CR3 loads keeping global pages, CR0.WP flips over
 * read-only pages and stats resets. After every step the two must agree on the answer (the stale
 * frame included), the hit, miss and eviction counts, and which pages are cached with which frame and
 * D bit. However the TLB finds its entries quickly, it must behave as this model does.
 */
class TlbLruModelTest {
    private static final long BASE = 0xffffc90000000000L;
    private static final long PAGE = 4096;
    private static final long FRAMES = 0x400000;

    @ParameterizedTest(name = "{0} entries, {1} ways, seed {2}")
    @CsvSource({"16, 4, 1", "8, 2, 2", "64, 4, 3", "64, 4, 4", "32, 32, 5", "16, 1, 6"})
    void behavesAsAPlainLruModel(int entries, int ways, long seed) {
        Rig rig = Rig.of("4-level", 64 * Rig.MIB, new TlbConfig(entries, ways, 4, 2));
        Random random = new Random(seed);
        List<Page> pages = new ArrayList<>();
        // Consecutive pages, and pages 16 MiB, 64 MiB and 1 GiB further: the same set, and the same low bits.
        for (long far : new long[] {0, 4096, 16384, 262144}) {
            for (int p = 0; p < (far == 0 ? 3 * entries : 6); p++) {
                long va = BASE + (far + p) * PAGE;
                boolean readOnly = random.nextInt(5) == 0;
                boolean global = random.nextInt(4) == 0;
                String rights = (readOnly ? "" : "w") + (global ? "g" : "");
                rig.kernel.map(va, FRAMES + pages.size() * PAGE, PAGE, rights.isEmpty() ? Rights.parse("-") : Rights.parse(rights));
                pages.add(new Page(va, FRAMES + pages.size() * PAGE, readOnly, global));
            }
        }
        rig.mmu.flushTlb();
        rig.mmu.resetTlbStats();
        Model model = new Model(entries / ways, ways);
        for (int step = 0; step < 20_000; step++) {
            int op = random.nextInt(1000);
            // Most accesses go to a small hot group, so there are hits in every way of a set.
            Page page = pages.get(random.nextInt(4) != 0 ? random.nextInt(Math.min(pages.size(), entries + 4))
                    : random.nextInt(pages.size()));
            String what;
            if (op < 900) {
                boolean write = random.nextInt(3) == 0;
                long va = page.va + 8 * random.nextInt(512);
                what = (write ? "write " : "read ") + hex(va);
                Translation t = rig.mmu.translateDetailed(va, write ? Access.WRITE : Access.READ, Privilege.SUPERVISOR);
                long expected = model.access(page, write, rig.regs.wp());
                if (expected < 0) {
                    assertInstanceOf(PageFault.class, t, what);
                } else {
                    assertEquals(hex(expected + (va & (PAGE - 1))), hex(assertInstanceOf(Mapped.class, t, what).pa()), what);
                }
            } else if (op < 940) {
                long frame = FRAMES + (200 + random.nextInt(100)) * PAGE;
                what = "PTE of " + hex(page.va) + " -> " + hex(frame) + " without INVLPG";
                long pte = pteAddress(rig, page.va);
                long entry = rig.mode.readEntry(rig.ram, pte);
                rig.mode.writeEntry(rig.ram, pte, (entry & ~0x000ffffffffff000L) | frame);
                page.frame = frame;
            } else if (op < 970) {
                what = "invlpg " + hex(page.va);
                rig.mmu.invlpg(page.va);
                model.invalidate(page);
            } else if (op < 980) {
                what = "CR3 load";
                rig.mmu.setCr3(rig.regs.cr3());
                model.flushNonGlobal();
            } else if (op < 995) {
                what = "CR0.WP flip";
                rig.mmu.setCr0(rig.regs.cr0() ^ ControlRegisters.CR0_WP);
            } else {
                what = "stats reset";
                rig.mmu.resetTlbStats();
                model.hits = model.misses = model.evictions = 0;
            }
            String after = "step " + step + ", after " + what;
            TlbStats stats = rig.mmu.tlbStats();
            assertEquals(model.hits, stats.hits(), after + ": hits");
            assertEquals(model.misses, stats.misses(), after + ": misses");
            assertEquals(model.evictions, stats.evictions(), after + ": evictions");
            assertEquals(model.cached(), cached(rig), after + ": cached pages");
        }
        assertTrue(model.everEvictions > 100, "the run evicted: " + model.everEvictions);
    }

    private static String hex(long v) {
        return String.format("0x%x", v);
    }

    private static long pteAddress(Rig rig, long va) {
        PageWalk w = rig.mmu.walk(va);
        WalkStep leaf = w.steps().get(w.steps().size() - 1);
        return leaf.entryAddress();
    }

    /** va -> "frame dirty" of every cached 4 KiB entry. */
    private static Map<Long, String> cached(Rig rig) {
        Map<Long, String> out = new TreeMap<>();
        for (TlbEntryInfo e : rig.mmu.tlbEntries()) {
            assertEquals(null, out.put(e.va(), hex(e.pa()) + (e.dirty() ? " D" : "")), "one entry per page: " + hex(e.va()));
        }
        return out;
    }

    /** A mapped page: where its PTE points now, and its fixed rights. */
    private static final class Page {
        final long va;
        long frame;
        final boolean readOnly;
        final boolean global;
        boolean dirtyInPte;

        Page(long va, long frame, boolean readOnly, boolean global) {
            this.va = va;
            this.frame = frame;
            this.readOnly = readOnly;
            this.global = global;
        }
    }

    private static final class Entry {
        final Page page;
        long frame;
        boolean dirty;

        Entry(Page page, long frame, boolean dirty) {
            this.page = page;
            this.frame = frame;
            this.dirty = dirty;
        }
    }

    /** The reference: true LRU per set, the SDM's rules for D and for denials from a cached entry. */
    private static final class Model {
        final int sets;
        final int ways;
        final Map<Integer, LinkedList<Entry>> bySet = new HashMap<>();
        long hits;
        long misses;
        long evictions;
        /** Never reset: the run must have evicted. */
        long everEvictions;

        Model(int sets, int ways) {
            this.sets = sets;
            this.ways = ways;
        }

        LinkedList<Entry> set(Page p) {
            return bySet.computeIfAbsent((int) ((p.va >>> 12) & (sets - 1)), k -> new LinkedList<>());
        }

        Entry find(Page p) {
            return set(p).stream().filter(e -> e.page == p).findFirst().orElse(null);
        }

        /** The frame the MMU must answer with, or -1 for a #PF. */
        long access(Page p, boolean write, boolean wp) {
            boolean denied = write && p.readOnly && wp;
            Entry e = find(p);
            if (e != null) {
                if (denied) {
                    hits++; // the cached entry denies it: a fault without a walk, and the entry goes
                    set(p).remove(e);
                    return -1;
                }
                if (!write || e.dirty) {
                    hits++;
                    set(p).remove(e);
                    set(p).addFirst(e);
                    return e.frame;
                }
            }
            misses++; // a miss, or a write through a clean entry: the CPU walks to set D
            if (denied) {
                return -1;
            }
            p.dirtyInPte |= write;
            if (e != null) {
                set(p).remove(e);
            } else if (set(p).size() == ways) {
                set(p).removeLast();
                evictions++;
                everEvictions++;
            }
            set(p).addFirst(new Entry(p, p.frame, p.dirtyInPte));
            return p.frame;
        }

        void invalidate(Page p) {
            set(p).removeIf(e -> e.page == p);
        }

        void flushNonGlobal() {
            bySet.values().forEach(s -> s.removeIf(e -> !e.page.global));
        }

        Map<Long, String> cached() {
            Map<Long, String> out = new TreeMap<>();
            bySet.values().forEach(s -> s.forEach(e -> out.put(e.page.va, hex(e.frame) + (e.dirty ? " D" : ""))));
            return out;
        }
    }
}
