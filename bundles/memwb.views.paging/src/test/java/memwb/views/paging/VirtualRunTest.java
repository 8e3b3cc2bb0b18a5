package memwb.views.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.vmm.Rights;

class VirtualRunTest {
    private static final long PAGE = 4096;

    @Test
    void adjacentMappingsWithTheSameRightsAreOneRunAndRightsOrHolesSplitThem() {
        Rig rig = new Rig();
        rig.kernel.map(Rig.KERNEL_VA, Rig.KERNEL_PHYS, 3 * PAGE, Rights.parse("xg"));
        rig.kernel.map(Rig.KERNEL_VA + 3 * PAGE, Rig.KERNEL_PHYS + 3 * PAGE, 2 * PAGE, Rights.parse("w"));
        rig.kernel.map(Rig.KERNEL_VA + 8 * PAGE, Rig.KERNEL_PHYS + 8 * PAGE, PAGE, Rights.parse("w"));
        List<VirtualRun> runs = VirtualRun.of(rig.kernel.mappings());
        assertEquals(3, runs.size());
        assertEquals(new VirtualRun(Rig.KERNEL_VA, Rig.KERNEL_VA + 3 * PAGE, Rig.KERNEL_PHYS, 3, Rights.parse("xg")),
                runs.get(0));
        assertEquals("-r-x", runs.get(0).protection());
        assertEquals("-rw-", runs.get(1).protection());
        assertEquals(2 * PAGE, runs.get(1).size());
        assertEquals(Rig.KERNEL_VA + 8 * PAGE, runs.get(2).start());
    }

    @Test
    void bandsFitTheWidthInOrderWithGapsForHolesAndWiderForBiggerRuns() {
        List<VirtualRun> runs = List.of(run(0x1000, 1), run(0x2000, 512), run(0x400000, 1));
        List<BandLayout.Band> bands = BandLayout.layout(runs, 400);
        assertEquals(3, bands.size());
        assertFalse(bands.get(0).gapBefore());
        assertFalse(bands.get(1).gapBefore(), "0x2000 follows 0x1000 directly");
        assertTrue(bands.get(2).gapBefore());
        assertTrue(bands.get(1).width() > bands.get(0).width() * 5, bands.toString());
        assertEquals(bands.get(0).width(), bands.get(2).width(), 1);
        BandLayout.Band last = bands.get(2);
        assertTrue(last.x() + last.width() <= 400 + 1, bands.toString());
        assertEquals(bands.get(1).x(), bands.get(0).x() + bands.get(0).width(), 1);
        assertTrue(bands.get(2).x() >= bands.get(1).x() + bands.get(1).width() + BandLayout.GAP - 1);
    }

    @Test
    void thePixelUnderTheMouseFindsItsBand() {
        List<BandLayout.Band> bands = BandLayout.layout(List.of(run(0x1000, 1), run(0x9000, 16)), 200);
        assertSame(bands.get(0), BandLayout.at(bands, 0));
        assertSame(bands.get(1), BandLayout.at(bands, 199));
        assertNull(BandLayout.at(bands, bands.get(0).width() + 1), "inside the gap");
    }

    @Test
    void tooManyRunsForTheWidthGiveNoBands() {
        assertTrue(BandLayout.layout(List.of(run(0x1000, 1), run(0x9000, 1)), 10).isEmpty());
        assertTrue(BandLayout.layout(List.of(), 100).isEmpty());
    }

    private static VirtualRun run(long va, long pages) {
        return new VirtualRun(va, va + pages * PAGE, va, pages, Rights.parse("w"));
    }
}
