package memwb.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import memwb.api.vmm.Access;
import memwb.api.vmm.MapOptions;
import memwb.api.vmm.Mapping;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.PageFault;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Rights;
import memwb.api.vmm.VmmException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of map (plain and overwriting, small pages and large), unmap and protect against a
 * reference model: a map from virtual page to (physical page, rights). After every step the space's
 * leaves, and every translation through the MMU (with its TLB), agree with the model; refused steps
 * change nothing; at the end, unmapping everything gives every table frame back.
 */
class AddressSpaceProperties {
    private static final long PAGE = 4096;

    /** One step, in mode-independent units that {@link #apply} scales to the mode's large page. */
    record Op(int kind, int start, int pages, int paPage, int rights, boolean large, int k, int m) {
    }

    @Provide
    Arbitrary<String> modes() {
        return Arbitraries.of(Rig.MODES);
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 4095),
                Arbitraries.integers().between(1, 48),
                Arbitraries.integers().between(0, 8191),
                Arbitraries.integers().between(0, 7),
                Arbitraries.of(true, false, false, false),
                Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(1, 7)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 120)
    void randomMapUnmapProtectAgreeWithAReferenceModel(@ForAll("modes") String mode, @ForAll("ops") List<Op> ops) {
        Rig rig = Rig.of(mode);
        long large = rig.mode.pageSizes()[1];
        int unit = (int) (large / PAGE);
        long base = 2 * large; // the window: two large pages
        int window = 2 * unit;
        long freeAtStart = rig.free();
        Map<Long, long[]> model = new TreeMap<>();
        for (Op op : ops) {
            apply(rig, model, op, base, window, unit);
            verify(rig, model, base, window);
        }
        for (Mapping m : rig.kernel.mappings()) {
            rig.kernel.unmap(m.va(), m.size());
        }
        assertEquals(freeAtStart, rig.free(), "every table frame went back");
    }

    private static void apply(Rig rig, Map<Long, long[]> model, Op op, long base, int window, int unit) {
        int start;
        int pages;
        long pa;
        if (op.large()) {
            start = op.k() * unit;
            pages = unit;
            pa = (long) op.m() * unit * PAGE;
        } else {
            start = op.start() % window;
            pages = Math.min(op.pages(), window - start);
            pa = (long) op.paPage() * PAGE;
        }
        boolean x = (op.rights() & 4) != 0 || !rig.mode.hasExecuteDisable();
        Rights rights = new Rights((op.rights() & 1) != 0, x, (op.rights() & 2) != 0, false);
        long va = base + start * PAGE;
        long length = pages * PAGE;
        boolean allMapped = true;
        boolean anyMapped = false;
        for (int p = 0; p < pages; p++) {
            boolean mapped = model.containsKey(va + p * PAGE);
            allMapped &= mapped;
            anyMapped |= mapped;
        }
        int bits = (rights.writable() ? 1 : 0) | (rights.user() ? 2 : 0) | (rights.executable() ? 4 : 0);
        switch (op.kind()) {
            case 0, 1 -> {
                boolean overwrite = op.kind() == 1;
                if (anyMapped && !overwrite) {
                    assertThrows(VmmException.class, () -> rig.kernel.map(va, pa, length, rights));
                    return;
                }
                rig.kernel.map(va, pa, length, rights, MapOptions.DEFAULT.withOverwrite(overwrite));
                for (int p = 0; p < pages; p++) {
                    model.put(va + p * PAGE, new long[] {pa + p * PAGE, bits});
                }
            }
            case 2 -> {
                if (!allMapped) {
                    assertThrows(VmmException.class, () -> rig.kernel.unmap(va, length));
                    return;
                }
                rig.kernel.unmap(va, length);
                for (int p = 0; p < pages; p++) {
                    model.remove(va + p * PAGE);
                }
            }
            default -> {
                if (!allMapped) {
                    assertThrows(VmmException.class, () -> rig.kernel.protect(va, length, rights));
                    return;
                }
                rig.kernel.protect(va, length, rights);
                for (int p = 0; p < pages; p++) {
                    model.get(va + p * PAGE)[1] = bits;
                }
            }
        }
    }

    private static void verify(Rig rig, Map<Long, long[]> model, long base, int window) {
        Map<Long, long[]> leaves = new TreeMap<>();
        for (Mapping m : rig.kernel.mappings()) {
            int bits = (m.rights().writable() ? 1 : 0) | (m.rights().user() ? 2 : 0) | (m.rights().executable() ? 4 : 0);
            for (long off = 0; off < m.size(); off += PAGE) {
                leaves.put(m.va() + off, new long[] {m.pa() + off, bits});
            }
        }
        assertEquals("", firstDifference(model, leaves), "the tables hold exactly the model's pages");
        Mmu mmu = rig.mmu;
        for (int p = 0; p < window; p++) {
            long va = base + p * PAGE;
            long[] e = model.get(va);
            long read = mmu.translate(va, Access.READ, Privilege.SUPERVISOR);
            if (e == null) {
                assertEquals(Mmu.FAULT, read, String.format("0x%x is not mapped: #PF not present", va));
                continue;
            }
            assertEquals(e[0], read, String.format("0x%x translates to the model's frame", va));
            check(mmu.translate(va, Access.WRITE, Privilege.SUPERVISOR), (e[1] & 1) != 0, e[0], va, "write");
            check(mmu.translate(va, Access.READ, Privilege.USER), (e[1] & 2) != 0, e[0], va, "user read");
            check(mmu.translate(va, Access.FETCH, Privilege.SUPERVISOR), (e[1] & 4) != 0, e[0], va, "fetch");
        }
    }

    private static void check(long result, boolean allowed, long pa, long va, String what) {
        if (allowed) {
            assertEquals(pa, result, String.format("%s at 0x%x is allowed", what, va));
        } else {
            assertEquals(true, Mmu.isFault(result) && (Mmu.errorCode(result) & PageFault.P) != 0,
                    String.format("%s at 0x%x is a protection fault", what, va));
        }
    }

    /** "" if equal, else the first page where the model and the tables differ. */
    private static String firstDifference(Map<Long, long[]> model, Map<Long, long[]> tables) {
        TreeMap<Long, long[]> all = new TreeMap<>(model);
        all.putAll(tables);
        for (Long va : all.keySet()) {
            long[] a = model.get(va);
            long[] b = tables.get(va);
            if (a == null || b == null || a[0] != b[0] || a[1] != b[1]) {
                return String.format("page 0x%x: model %s, tables %s", va, show(a), show(b));
            }
        }
        return "";
    }

    private static String show(long[] e) {
        return e == null ? "unmapped" : String.format("pa 0x%x rights %d", e[0], e[1]);
    }
}
