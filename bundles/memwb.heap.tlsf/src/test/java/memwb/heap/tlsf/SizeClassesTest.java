package memwb.heap.tlsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SizeClassesTest {
    @Test
    void everySizeFallsInsideItsListsBoundsAndTheRoundedUpListOnlyHoldsBlocksThatFit() {
        for (long size = 16; size < (1L << 22); size += 16) {
            int list = SizeClasses.listOf(size);
            assertTrue(SizeClasses.lowerBound(list) <= size && size < SizeClasses.upperBound(list), "size " + size);
            int sure = SizeClasses.firstListHolding(size);
            assertTrue(SizeClasses.lowerBound(sure) >= size, "every block on list " + sure + " holds " + size);
            assertTrue(sure <= list + 1);
        }
        assertEquals(SizeClasses.LIST_COUNT - 1, SizeClasses.listOf(SizeClasses.MAX_BLOCK - 16));
    }

    @Test
    void liveSetAgreesWithAHashSetUnderRandomAddsAndRemoves() {
        // Two ranges as a heap's two arenas, the second in the top half (unsigned), keys crossing leaves.
        long top = 0xffff_8000_0000_0000L;
        AddressSet set = new AddressSet(AddressSet.PAYLOADS, new long[] {0x1000, top}, new long[] {0x1000 + 16 * 5000, top + 0x40_0000});
        Set<Long> model = new HashSet<>();
        Random rnd = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            long key = rnd.nextBoolean() ? 0x1000 + 16L * rnd.nextInt(5000) : top + 16L * rnd.nextInt(0x40_000);
            if (model.contains(key)) {
                assertTrue(set.remove(key));
                assertFalse(set.remove(key), "a second remove finds nothing");
                model.remove(key);
            } else {
                assertFalse(set.contains(key));
                set.add(key);
                model.add(key);
            }
            assertEquals(model.size(), set.size());
        }
        for (long k = 0x1000; k < 0x1000 + 16 * 5000; k += 16) {
            assertEquals(model.contains(k), set.contains(k));
        }
        for (long k : model) {
            assertTrue(set.contains(k));
        }
    }

    @Test
    void liveSetRefusesAddressesThatCannotBePayloadsWithoutChangingAnything() {
        AddressSet set = new AddressSet(AddressSet.PAYLOADS, new long[] {0x10000}, new long[] {0x20000});
        set.add(0x10010);
        for (long k : new long[] {0x10018, 0x10011, 0xfff0, 0x20000, 0x10010 + (1L << 40), -16}) {
            assertFalse(set.contains(k), Long.toHexString(k));
            assertFalse(set.remove(k), Long.toHexString(k));
        }
        assertThrows(IllegalArgumentException.class, () -> set.add(0x10018));
        assertThrows(IllegalArgumentException.class, () -> set.add(0x20000));
        assertEquals(1, set.size());
        assertTrue(set.contains(0x10010));
        set.clear();
        assertEquals(0, set.size());
        assertFalse(set.contains(0x10010));
    }

    @Test
    void aPageSetHoldsPageAddressesAcrossLeavesAndRefusesTheRest() {
        // Slab pages: 4 KiB granules, a leaf of 4096 pages (16 MiB), two ranges as two arenas.
        long lo = 0xffff_c000_0000_1000L;
        long hi = lo + (64L << 20);
        AddressSet pages = new AddressSet(AddressSet.PAGES, new long[] {lo, hi}, new long[] {hi, hi + (64L << 20)});
        long[] keys = {lo, lo + 2 * 4096, lo + (16L << 20), hi + (40L << 20) + 4096 * 7};
        for (long k : keys) {
            pages.add(k);
        }
        for (long k : keys) {
            assertTrue(pages.contains(k));
            assertFalse(pages.contains(k + 4096), "the next page is not in the set");
            assertFalse(pages.contains(k + 16), "not a page address");
        }
        assertThrows(IllegalArgumentException.class, () -> pages.add(lo + 16));
        assertThrows(IllegalArgumentException.class, () -> new AddressSet(AddressSet.PAGES, new long[] {lo + 16}, new long[] {hi}));
        assertTrue(pages.remove(lo + 2 * 4096));
        assertFalse(pages.contains(lo + 2 * 4096));
        assertEquals(3, pages.size());
    }
}
