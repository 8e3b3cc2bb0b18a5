package memwb.views.paging;

import java.util.ArrayList;
import java.util.List;

import memwb.api.vmm.Mapping;
import memwb.api.vmm.Rights;

/**
 * A run of linear addresses mapped with the same rights, as {@code info mem -v} lists them:
 * {@code [start, end)}, the physical address of its first byte, its pages and its rights.
 */
record VirtualRun(long start, long end, long pa, long mappings, Rights rights) {
    long size() {
        return end - start;
    }

    /** QEMU's columns plus the fourth of {@code info mem -v}: {@code urw-}, {@code -r-x}. */
    String protection() {
        return (rights.user() ? "u" : "-") + "r" + (rights.writable() ? "w" : "-") + (rights.executable() ? "x" : "-");
    }

    /**
     * Merges ascending mappings into runs: adjacent linear ranges with equal U/S, R/W and XD rights
     * (G does not split a run, as in QEMU's listing) are one run.
     */
    static List<VirtualRun> of(List<Mapping> mappings) {
        List<VirtualRun> out = new ArrayList<>();
        VirtualRun open = null;
        for (Mapping m : mappings) {
            if (open != null && open.end == m.va() && sameProtection(open.rights, m.rights())) {
                open = new VirtualRun(open.start, m.end(), open.pa, open.mappings + 1, open.rights);
            } else {
                if (open != null) {
                    out.add(open);
                }
                open = new VirtualRun(m.va(), m.end(), m.pa(), 1, m.rights());
            }
        }
        if (open != null) {
            out.add(open);
        }
        return out;
    }

    private static boolean sameProtection(Rights a, Rights b) {
        return a.user() == b.user() && a.writable() == b.writable() && a.executable() == b.executable();
    }
}
