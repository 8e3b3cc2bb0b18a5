package memwb.views.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.vmm.MapOptions;
import memwb.api.vmm.Rights;

class PageTableReaderTest {
    private static final long GIB = 1L << 30;
    private static final long PAGE = 4096;

    @Test
    void theRootOfAHigherHalfKernelHasOnePml4EntryCoveringTheTop512GiB() {
        Rig rig = new Rig();
        rig.kernel.map(Rig.KERNEL_VA, Rig.KERNEL_PHYS, 2 * Rig.MIB, Rights.parse("x"));
        List<PageTableEntry> root = rig.reader().root(rig.kernel.root());
        assertEquals(1, root.size());
        PageTableEntry pml4e = root.get(0);
        assertEquals("PML4[511]", pml4e.label());
        assertEquals(rig.kernel.root() + 511 * 8, pml4e.entryAddress());
        assertEquals("0xffffff8000000000-0xffffffffffffffff", pml4e.range());
        assertFalse(pml4e.leaf());
        assertTrue(pml4e.points().startsWith("PDPT @0x"), pml4e.points());
        assertTrue(pml4e.flags().contains("P") && pml4e.flags().contains("RW"), pml4e.flags());
    }

    @Test
    void childrenOfAKnownTableAreItsPresentEntriesDownToThe2MiBLeaf() {
        Rig rig = new Rig();
        rig.kernel.map(Rig.KERNEL_VA, Rig.KERNEL_PHYS, 2 * Rig.MIB, Rights.parse("x"));
        PageTableReader reader = rig.reader();
        PageTableEntry pdpte = reader.children(reader.root(rig.kernel.root()).get(0)).get(0);
        assertEquals("PDPT[510]", pdpte.label());
        assertEquals(0xffffffff80000000L, pdpte.va());
        PageTableEntry pde = reader.children(pdpte).get(0);
        assertEquals("PD[0]", pde.label());
        assertTrue(pde.leaf(), "2 MiB aligned and long: one large page");
        assertEquals(Rig.KERNEL_PHYS, pde.target());
        assertEquals("frame 0x200000 (2 MiB)", pde.points());
        assertTrue(pde.flags().contains("PS"), pde.flags());
        assertEquals(String.format("0x%016x", pde.raw()), reader.raw(pde.raw()));
    }

    @Test
    void aGibibyteIdentityMapIn4KiBPagesIsReadOneTableAtATime() {
        Rig rig = new Rig();
        rig.kernel.map(0, 0, GIB, Rights.parse("w"), MapOptions.DEFAULT.withPageSize(PAGE));
        PageTableReader reader = rig.reader();
        List<PageTableEntry> root = reader.root(rig.kernel.root());
        assertEquals(1, root.size());
        List<PageTableEntry> pdpt = reader.children(root.get(0));
        assertEquals(1, pdpt.size());
        List<PageTableEntry> pd = reader.children(pdpt.get(0));
        assertEquals(512, pd.size(), "one PDE per 2 MiB, each pointing at a page table");
        PageTableEntry last = pd.get(511);
        assertFalse(last.leaf());
        List<PageTableEntry> pt = reader.children(last);
        assertEquals(512, pt.size());
        assertEquals("PT[511]", pt.get(511).label());
        assertEquals(GIB - PAGE, pt.get(511).target());
        assertEquals(GIB - PAGE, pt.get(511).va());
        assertEquals("frame 0x3ffff000 (4 KiB)", pt.get(511).points());
    }

    @Test
    void askingForTheChildrenOfALeafNamesItsEntryAddress() {
        Rig rig = new Rig();
        rig.kernel.map(0x400000, 0x200000, PAGE, Rights.parse("wu"));
        PageTableReader reader = rig.reader();
        PageTableEntry e = reader.root(rig.kernel.root()).get(0);
        while (!e.leaf()) {
            e = reader.children(e).get(0);
        }
        PageTableEntry leaf = e;
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> reader.children(leaf));
        assertEquals("PT[0] at 0x" + Long.toHexString(leaf.entryAddress()) + " is a leaf: it maps a frame, not a table",
                x.getMessage());
    }

    @Test
    void aLevelTheModeDoesNotHaveIsRefused() {
        Rig rig = new Rig();
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> rig.reader().present(rig.kernel.root(), 5, 0));
        assertEquals("level 5 is not a level of 4-level paging (1-4)", x.getMessage());
    }

    @Test
    void sizesAreNamedInTheLargestExactUnit() {
        assertEquals("4 KiB", Sizes.name(4096));
        assertEquals("2 MiB", Sizes.name(2 * Rig.MIB));
        assertEquals("512 GiB", Sizes.name(512 * GIB));
        assertEquals("6 KiB", Sizes.name(6144));
        assertEquals("100 B", Sizes.name(100));
    }
}
